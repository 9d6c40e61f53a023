using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Labelit.Worker.LabelStudio;

/// <summary>
/// LS's export snapshots (docs/label-studio-contract.md, "Export"): create one, wait for LS's
/// background worker to finish it, stream its raw JSON to a file, delete it. The synchronous export
/// times out on large projects, hence snapshots.
/// </summary>
public sealed class LabelStudioExports(HttpClient http)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Takes a snapshot of every task (with or without annotations) and writes LS's raw JSON to <paramref name="file"/>.</summary>
    public async Task DownloadRawJsonAsync(LabelStudioTarget target, string title, string file, TimeSpan wait, CancellationToken cancellationToken)
    {
        var snapshotId = await CreateSnapshotAsync(target, title, cancellationToken);
        try
        {
            await WaitCompletedAsync(target, snapshotId, wait, cancellationToken);
            using var response = await SendAsync(HttpMethod.Get, target,
                $"api/projects/{target.LsProjectId}/exports/{snapshotId}/download?exportType=JSON", null, cancellationToken,
                HttpCompletionOption.ResponseHeadersRead);
            await EnsureSuccessAsync(response, "download the export snapshot", cancellationToken);
            await using var output = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            await using var input = await response.Content.ReadAsStreamAsync(cancellationToken);
            await input.CopyToAsync(output, cancellationToken);
        }
        finally
        {
            // LS keeps every snapshot file on its disk; ours are never needed again.
            try
            {
                using var delete = await SendAsync(HttpMethod.Delete, target, $"api/projects/{target.LsProjectId}/exports/{snapshotId}", null, CancellationToken.None);
            }
            catch (HttpRequestException)
            {
            }
        }
    }

    private async Task<int> CreateSnapshotAsync(LabelStudioTarget target, string title, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["title"] = title,
            ["task_filter_options"] = new JsonObject { ["only_with_annotations"] = false },
        };
        using var response = await SendAsync(HttpMethod.Post, target, $"api/projects/{target.LsProjectId}/exports/", body, cancellationToken);
        await EnsureSuccessAsync(response, "create an export snapshot", cancellationToken);
        var created = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return created?["id"]?.GetValue<int>() ?? throw new InvalidOperationException("LS created an export snapshot but sent no id.");
    }

    private async Task WaitCompletedAsync(LabelStudioTarget target, int snapshotId, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            using var response = await SendAsync(HttpMethod.Get, target, $"api/projects/{target.LsProjectId}/exports/{snapshotId}", null, cancellationToken);
            await EnsureSuccessAsync(response, "read the export snapshot's status", cancellationToken);
            var status = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["status"]?.GetValue<string>();
            if (status == "completed")
                return;
            if (status == "failed")
                throw new InvalidOperationException("Label Studio reported that the export snapshot failed.");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Label Studio did not finish the export snapshot within {wait.TotalSeconds:0} s (status {status}).");
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, LabelStudioTarget target, string path, JsonObject? body,
        CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var request = new HttpRequestMessage(method, new Uri(target.Address, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", target.AdminToken);
        if (body is not null)
            request.Content = JsonContent.Create(body);
        return await http.SendAsync(request, completion, cancellationToken);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
            return;
        var detail = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new InvalidOperationException($"Label Studio refused to {what}: {(int)response.StatusCode} {detail[..Math.Min(detail.Length, 300)]}");
    }
}
