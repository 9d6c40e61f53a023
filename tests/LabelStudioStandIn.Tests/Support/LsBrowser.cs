using System.Net;
using System.Text.RegularExpressions;

namespace Labelit.LabelStudioStandIn.Tests.Support;

/// <summary>A cookie-keeping client that signs in through LS's HTML forms, as Labelit's proxy does.</summary>
public sealed partial class LsBrowser(StandInProcess standIn) : IDisposable
{
    public CookieContainer Cookies { get; } = new();
    private HttpClient? _client;

    public HttpClient Client => _client ??= standIn.CreateClient(Cookies);

    /// <summary>GETs a form page and returns the csrfmiddlewaretoken in it (the csrftoken cookie is kept).</summary>
    public async Task<string> GetFormTokenAsync(string path)
    {
        var html = await Client.GetStringAsync(path);
        var match = CsrfField().Match(html);
        Assert.True(match.Success, $"No csrfmiddlewaretoken in the page at {path}.");
        return match.Groups[1].Value;
    }

    public async Task<HttpResponseMessage> PostFormAsync(string path, IDictionary<string, string> fields, string? origin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        if (origin is not null)
            request.Headers.Add("Origin", origin);
        return await Client.SendAsync(request);
    }

    public async Task<HttpResponseMessage> LoginAsync(string email, string password)
    {
        var token = await GetFormTokenAsync("/user/login/");
        return await PostFormAsync("/user/login/", new Dictionary<string, string>
        {
            ["email"] = email,
            ["password"] = password,
            ["csrfmiddlewaretoken"] = token,
        });
    }

    public async Task<HttpResponseMessage> SignupAsync(string inviteToken, string email, string password)
    {
        var path = $"/user/signup/?token={Uri.EscapeDataString(inviteToken)}";
        var token = await GetFormTokenAsync(path);
        return await PostFormAsync(path, new Dictionary<string, string>
        {
            ["email"] = email,
            ["password"] = password,
            ["csrfmiddlewaretoken"] = token,
        });
    }

    public string? SessionId => Cookies.GetCookies(standIn.BaseAddress)["sessionid"]?.Value;

    /// <summary>Whether the session cookie this browser holds (LS gives even anonymous visitors one) signs it in.</summary>
    public async Task<bool> IsSignedInAsync()
    {
        using var whoami = await Client.GetAsync("/api/current-user/whoami");
        return whoami.IsSuccessStatusCode;
    }

    public void Dispose() => _client?.Dispose();

    [GeneratedRegex("name=\"csrfmiddlewaretoken\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}
