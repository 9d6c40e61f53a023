using Labelit.TestSupport;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Labelit.Worker.Tests.Support;

/// <summary>A person signed in to an LS instance through its login form, as the proxy will sign them in.</summary>
public sealed partial class LsUserSession : IDisposable
{
    private readonly HttpClient _http;

    private LsUserSession(HttpClient http) => _http = http;

    /// <summary>Signs in; null when LS refuses the email and password.</summary>
    public static async Task<LsUserSession?> SignInAsync(string address, string email, string password)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(address.TrimEnd('/') + "/"),
        };
        var form = await http.GetStringAsync("user/login/");
        var token = CsrfField().Match(form).Groups[1].Value;
        using var response = await http.PostAsync("user/login/", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email,
            ["password"] = password,
            ["csrfmiddlewaretoken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Found)
        {
            http.Dispose();
            return null;
        }
        return new LsUserSession(http);
    }

    public async Task<string> WhoAmIAsync() => (await MeAsync())["email"]!.GetValue<string>();

    /// <summary>The signed-in LS user as LS describes them (email, first_name, last_name, ...).</summary>
    public async Task<JsonObject> MeAsync() => (await _http.GetFromJsonAsync<JsonObject>("api/current-user/whoami"))!;

    public async Task<JsonObject> OnlyProjectAsync()
    {
        var page = await _http.GetFromJsonAsync<JsonNode>("api/projects/");
        var results = (page as JsonArray ?? page!["results"]!.AsArray()).ToList();
        Assert.Single(results);
        return results[0]!.AsObject();
    }

    /// <summary>Imports one task and annotates it; returns the task id.</summary>
    public async Task<int> AnnotateNewTaskAsync(int projectId, string text, string choice)
    {
        using var import = await _http.PostAsync($"api/projects/{projectId}/import", LabelStudioJson.Body(new JsonArray(new JsonObject { ["data"] = new JsonObject { ["text"] = text } })));
        Assert.Equal(HttpStatusCode.Created, import.StatusCode);
        var tasks = await _http.GetFromJsonAsync<JsonNode>($"api/tasks/?project={projectId}&page_size=100");
        var taskList = (tasks as JsonArray ?? tasks!["tasks"]?.AsArray() ?? tasks!["results"]!.AsArray()).ToList();
        var taskId = taskList.Select(t => t!["id"]!.GetValue<int>()).Max();
        await AnnotateTaskAsync(taskId, choice);
        return taskId;
    }

    /// <summary>Adds an annotation to an existing task: one change in LS.</summary>
    public async Task AnnotateTaskAsync(int taskId, string choice)
    {
        using var annotate = await _http.PostAsync($"api/tasks/{taskId}/annotations/", LabelStudioJson.Body(new JsonObject
        {
            ["result"] = new JsonArray(new JsonObject
            {
                ["from_name"] = "label", ["to_name"] = "text", ["type"] = "choices",
                ["value"] = new JsonObject { ["choices"] = new JsonArray(choice) },
            }),
        }));
        Assert.Equal(HttpStatusCode.Created, annotate.StatusCode);
    }

    /// <summary>Skips a task as LS's Skip button does: an annotation with was_cancelled and no result.</summary>
    public async Task SkipTaskAsync(int taskId)
    {
        using var skip = await _http.PostAsync($"api/tasks/{taskId}/annotations/", LabelStudioJson.Body(new JsonObject
        {
            ["result"] = new JsonArray(), ["was_cancelled"] = true, ["lead_time"] = 2.5,
        }));
        Assert.Equal(HttpStatusCode.Created, skip.StatusCode);
    }

    public async Task<IReadOnlyList<string>> ChoicesOfAsync(int taskId)
    {
        var annotations = await _http.GetFromJsonAsync<JsonArray>($"api/tasks/{taskId}/annotations/");
        return annotations!.Select(a => a!["result"]![0]!["value"]!["choices"]![0]!.GetValue<string>()).ToList();
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"csrfmiddlewaretoken\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}
