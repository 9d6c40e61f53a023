using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Labelit.EndToEnd.Tests;

/// <summary>What a sync run reported when it ended.</summary>
public sealed record SyncResult(string Status, int Listed, int Added, int Changed, int Removed, int Imported, string? Error);

/// <summary>Dataset steps shared by the storage tests: syncing as the manager, and reading the tasks LS ended up with.</summary>
public static class DatasetSteps
{
    /// <summary>Starts a sync as the manager and waits until it is over.</summary>
    public static async Task<SyncResult> SyncAsync(HttpClient manager, long projectId)
    {
        var start = await manager.PostAsync($"/api/v1/projects/{projectId}/dataset/syncs", null);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        return await WaitForEndAsync(manager, projectId);
    }

    public static async Task<SyncResult> WaitForEndAsync(HttpClient manager, long projectId)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            var sync = (await manager.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/dataset/")).GetProperty("latestSync");
            var status = sync.GetProperty("status").GetString()!;
            if (status is not ("queued" or "running"))
            {
                return new SyncResult(status, sync.GetProperty("listed").GetInt32(), sync.GetProperty("added").GetInt32(),
                    sync.GetProperty("changed").GetInt32(), sync.GetProperty("removed").GetInt32(), sync.GetProperty("imported").GetInt32(),
                    sync.GetProperty("error").GetString());
            }
            Assert.True(DateTime.UtcNow < deadline, $"The sync is still {status} after 5 minutes.");
            await Task.Delay(500);
        }
    }

    public static async Task<int> LabelStudioTaskCountAsync(this LabelitStack stack, string slug)
    {
        var admin = await stack.SignedInAsync("admin@example.com");
        var lsProjectId = await LabelitStack.LsProjectIdAsync(admin, slug);
        var page = await admin.GetFromJsonAsync<JsonElement>($"/projects/{slug}/ls/api/tasks/?project={lsProjectId}&page_size=1");
        return page.GetProperty("total").GetInt32();
    }

    /// <summary>The data of the project's first <paramref name="count"/> LS tasks, as LS holds them.</summary>
    public static async Task<List<JsonElement>> LabelStudioTaskDataAsync(this LabelitStack stack, string slug, int count)
    {
        var admin = await stack.SignedInAsync("admin@example.com");
        var lsProjectId = await LabelitStack.LsProjectIdAsync(admin, slug);
        var tasks = await admin.GetFromJsonAsync<JsonElement>($"/projects/{slug}/ls/api/tasks/?project={lsProjectId}&page_size={count}");
        return tasks.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("data").Clone()).ToList();
    }

    /// <summary>The media URL LS holds (under <paramref name="dataKey"/>) in the task made from <paramref name="fileName"/>, one of the first hundred.</summary>
    public static async Task<string> MediaUrlAsync(this LabelitStack stack, string slug, string fileName, string dataKey = "image") =>
        (await stack.LabelStudioTaskDataAsync(slug, 100))
            .Select(data => data.GetProperty(dataKey).GetString()!)
            .Single(url => url.EndsWith("/" + fileName, StringComparison.Ordinal));
}
