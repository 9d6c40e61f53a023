using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Labelit.Worker.LabelStudio;

namespace Labelit.Worker.Backups;

/// <summary>
/// The LS calls a backup and its restore need (docs/label-studio-contract.md), with the instance
/// admin's legacy token. No request timeout: a large export takes long; callers cancel.
/// </summary>
public sealed class LabelStudioDataClient(HttpClient http)
{
    /// <summary>Streams the raw JSON export of every task (annotated or not) into the file, never holding it in memory.</summary>
    public async Task DownloadRawExportAsync(LabelStudioTarget target, string file, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, target, $"api/projects/{target.LsProjectId}/export?exportType=JSON&download_all_tasks=true");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, "export the project", cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var output = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await body.CopyToAsync(output, cancellationToken);
        await output.FlushAsync(cancellationToken);
        output.Flush(flushToDisk: true);
    }

    /// <summary>Every LS user of the instance: email by LS id.</summary>
    public async Task<Dictionary<int, string>> UsersAsync(LabelStudioTarget target, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, target, "api/users/");
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, "list the LS users", cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken);
        var users = body as JsonArray ?? body?["results"] as JsonArray ?? [];
        var emails = new Dictionary<int, string>();
        foreach (var user in users)
        {
            if (user?["id"]?.GetValue<int>() is { } id && user["email"]?.GetValue<string>() is { } email)
                emails[id] = email;
        }
        return emails;
    }

    /// <summary>How many tasks the LS project holds (GET /api/projects/{id}/ task_number).</summary>
    public async Task<int> TaskCountAsync(LabelStudioTarget target, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, target, $"api/projects/{target.LsProjectId}/");
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, "read the LS project", cancellationToken);
        var project = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return project?["task_number"]?.GetValue<int>()
            ?? throw new InvalidOperationException("LS's project answer has no task_number.");
    }

    private static HttpRequestMessage Request(HttpMethod method, LabelStudioTarget target, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(target.Address, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", target.AdminToken);
        return request;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
            return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new InvalidOperationException($"Could not {what}: LS answered {(int)response.StatusCode} {(body.Length > 300 ? body[..300] + "..." : body).Trim()}");
    }
}
