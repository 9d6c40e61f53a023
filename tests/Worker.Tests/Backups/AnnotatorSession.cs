using Labelit.TestSupport;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Labelit.Worker.Tests.Support;

namespace Labelit.Worker.Tests.Backups;

/// <summary>A Labelit user signed in to a project's LS with the credentials the proxy would use, labelling tasks.</summary>
public sealed partial class AnnotatorSession : IDisposable
{
    private readonly HttpClient _http;

    private AnnotatorSession(HttpClient http) => _http = http;

    public static async Task<AnnotatorSession> SignInAsync(Installation labelit, long projectId, long userId)
    {
        var route = await labelit.Store.GetRouteAsync(projectId);
        var credentials = await labelit.Store.GetCredentialsAsync(projectId, userId)
            ?? throw new Xunit.Sdk.XunitException($"User {userId} has no LS account in project {projectId}.");
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(route!.Address!.TrimEnd('/') + "/"),
        };
        var form = await http.GetStringAsync("user/login/");
        using var response = await http.PostAsync("user/login/", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = credentials.Email,
            ["password"] = credentials.Password,
            ["csrfmiddlewaretoken"] = CsrfField().Match(form).Groups[1].Value,
        }));
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        return new AnnotatorSession(http);
    }

    /// <summary>Ids of the project's tasks by their "text", as the person sees them in the task list.</summary>
    public async Task<Dictionary<string, int>> TasksAsync(int lsProjectId)
    {
        var page = await _http.GetFromJsonAsync<JsonObject>($"api/tasks/?project={lsProjectId}&page_size=100");
        return page!["tasks"]!.AsArray().ToDictionary(t => t!["data"]!["text"]!.GetValue<string>(), t => t!["id"]!.GetValue<int>());
    }

    public async Task AnnotateAsync(int taskId, string choice)
    {
        using var response = await _http.PostAsync($"api/tasks/{taskId}/annotations/", LabelStudioJson.Body(new JsonObject
        {
            ["result"] = new JsonArray(new JsonObject
            {
                ["from_name"] = "label", ["to_name"] = "text", ["type"] = "choices",
                ["value"] = new JsonObject { ["choices"] = new JsonArray(choice) },
            }),
        }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>Skips the task ("Skip" in the labelling stream): an empty annotation marked cancelled.</summary>
    public async Task SkipAsync(int taskId)
    {
        using var response = await _http.PostAsync($"api/tasks/{taskId}/annotations/", LabelStudioJson.Body(new JsonObject
        {
            ["result"] = new JsonArray(),
            ["was_cancelled"] = true,
        }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>The choices this person's own annotations of the task hold.</summary>
    public async Task<IReadOnlyList<string>> MyChoicesAsync(int taskId)
    {
        var me = (await _http.GetFromJsonAsync<JsonObject>("api/current-user/whoami"))!["id"]!.GetValue<int>();
        var annotations = await _http.GetFromJsonAsync<JsonArray>($"api/tasks/{taskId}/annotations/");
        return annotations!.Where(a => a!["completed_by"]!.GetValue<int>() == me)
            .Select(a => a!["result"]![0]!["value"]!["choices"]![0]!.GetValue<string>()).ToList();
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"csrfmiddlewaretoken\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}
