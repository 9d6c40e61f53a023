using System.Buffers;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Labelit.Worker.LabelStudio;

/// <summary>The LS task calls dataset sync needs: import a batch, and list which Labelit objects already have a task.</summary>
public sealed class LabelStudioTasks(HttpClient http)
{
    /// <summary>The key in a task's <c>meta</c> that names the Labelit dataset object it was made from.</summary>
    public const string ObjectIdMetaKey = "labelit_object_id";

    private const int ListPageSize = 1000;

    /// <summary>POST /api/projects/{id}/import with a JSON array of tasks; returns the tasks and annotations LS says it created.</summary>
    public Task<(int Tasks, int Annotations)> ImportAsync(LabelStudioTarget target, JsonArray tasks, CancellationToken cancellationToken) =>
        ImportAsync(target, writer => tasks.WriteTo(writer), cancellationToken);

    /// <summary>The same import, its JSON array written by <paramref name="writeTasks"/>: no document is built for a large batch.</summary>
    public async Task<(int Tasks, int Annotations)> ImportAsync(LabelStudioTarget target, Action<Utf8JsonWriter> writeTasks, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(body))
            writeTasks(writer);
        using var request = Request(HttpMethod.Post, target, $"api/projects/{target.LsProjectId}/import");
        request.Content = new ReadOnlyMemoryContent(body.WrittenMemory) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var answer = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"Label Studio refused the import ({(int)response.StatusCode}): {(answer.Length > 300 ? answer[..300] + "..." : answer)}");
        }
        var counts = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return (counts?["task_count"]?.GetValue<int>() ?? 0, counts?["annotation_count"]?.GetValue<int>() ?? 0);
    }

    /// <summary>The Labelit object ids recorded in the meta of every task of the project.</summary>
    public async Task<HashSet<long>> ImportedObjectIdsAsync(LabelStudioTarget target, CancellationToken cancellationToken)
    {
        var ids = new HashSet<long>();
        for (var page = 1; ; page++)
        {
            using var request = Request(HttpMethod.Get, target, $"api/tasks/?project={target.LsProjectId}&page={page}&page_size={ListPageSize}");
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound && page > 1)
                return ids; // DRF answers 404 past the last page
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
            var tasks = body?["tasks"] as JsonArray ?? [];
            foreach (var task in tasks)
            {
                if (task?["meta"]?[ObjectIdMetaKey] is JsonValue value && value.TryGetValue<long>(out var id))
                    ids.Add(id);
            }
            var total = body?["total"]?.GetValue<int>() ?? 0;
            if (tasks.Count < ListPageSize || page * ListPageSize >= total)
                return ids;
        }
    }

    /// <summary>Registers the client for the background jobs that use it (sync, restore); calling it twice is harmless.</summary>
    public static void Register(IServiceCollection services) =>
        services.AddLabelStudioClient<LabelStudioTasks>(TimeSpan.FromMinutes(5));

    private static HttpRequestMessage Request(HttpMethod method, LabelStudioTarget target, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(target.Address, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", target.AdminToken);
        return request;
    }
}
