using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Labelit.LabelStudioStandIn.Tests.Support;

public static class Http
{
    public static HttpRequestMessage WithToken(this HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        return request;
    }

    public static HttpRequestMessage Json(HttpMethod method, string path, JsonNode body) =>
        new(method, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())
        ?? throw new InvalidOperationException("The response body is JSON null.");

    /// <summary>The Set-Cookie header for one cookie, as the server wrote it (to check its Path).</summary>
    public static string? SetCookie(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.FirstOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal))
            : null;

    /// <summary>An API client that authenticates with the legacy token, as the Worker does.</summary>
    public static async Task<JsonNode> SendJsonAsync(this HttpClient client, HttpMethod method, string path, string token,
        JsonNode? body = null, int expectedStatus = 200)
    {
        using var request = body is null ? new HttpRequestMessage(method, path) : Json(method, path, body);
        request.WithToken(token);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus,
            $"{method} {path} answered {(int)response.StatusCode}, expected {expectedStatus}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }
}
