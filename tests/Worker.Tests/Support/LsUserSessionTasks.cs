using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Labelit.Worker.Tests.Support;

public sealed partial class LsUserSession
{
    /// <summary>The project's tasks by the storage location their meta names (tasks a dataset sync created).</summary>
    public async Task<Dictionary<string, int>> TaskIdsByLocationAsync(int projectId)
    {
        var page = await _http.GetFromJsonAsync<JsonNode>($"api/tasks/?project={projectId}&page_size=100");
        var tasks = page as JsonArray ?? page!["tasks"]?.AsArray() ?? page!["results"]!.AsArray();
        return tasks.Where(t => t?["meta"]?["location"] is not null)
            .ToDictionary(t => t!["meta"]!["location"]!.GetValue<string>(), t => t!["id"]!.GetValue<int>());
    }
}
