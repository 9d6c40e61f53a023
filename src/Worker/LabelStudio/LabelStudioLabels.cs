using System.Buffers;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Labelit.Worker.LabelStudio;

/// <summary>A task as label import matches it: LS's id, the dataset object's location from its meta, and its data value.</summary>
public sealed record LabelStudioTaskFile(int TaskId, string? Location, string? DataValue);

/// <summary>The LS calls of label import: list the tasks' files, add predictions in one call, add and remove annotations.</summary>
public sealed class LabelStudioLabels(HttpClient http)
{
    private const int ListPageSize = 1000;

    /// <summary>Every task of the project with what its file is called.</summary>
    public async Task<List<LabelStudioTaskFile>> ListTaskFilesAsync(LabelStudioTarget target, string dataKey, CancellationToken cancellationToken)
    {
        var files = new List<LabelStudioTaskFile>();
        for (var page = 1; ; page++)
        {
            using var request = Request(HttpMethod.Get, target, $"api/tasks/?project={target.LsProjectId}&page={page}&page_size={ListPageSize}");
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound && page > 1)
                return files; // DRF answers 404 past the last page
            await EnsureSuccessAsync(response, "list the project's tasks", cancellationToken);
            var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
            var tasks = body?["tasks"] as JsonArray ?? [];
            foreach (var task in tasks)
            {
                if (task?["id"] is not JsonValue id)
                    continue;
                var location = task["meta"]?["location"] is JsonValue l && l.TryGetValue<string>(out var text) ? text : null;
                var data = task["data"]?[dataKey] is JsonValue d && d.TryGetValue<string>(out var value) ? value : null;
                files.Add(new LabelStudioTaskFile(id.GetValue<int>(), location, data));
            }
            var total = body?["total"]?.GetValue<int>() ?? 0;
            if (tasks.Count < ListPageSize || page * ListPageSize >= total)
                return files;
        }
    }

    /// <summary>
    /// POST /api/projects/{id}/import/predictions with every prediction of the import: LS checks that all
    /// their tasks belong to the project before it creates any, so a refusal leaves nothing behind.
    /// </summary>
    public async Task<int> ImportPredictionsAsync(LabelStudioTarget target, Action<Utf8JsonWriter> writePredictions, CancellationToken cancellationToken)
    {
        // 100,000 boxes make a body of about 30 MB: it is written to a temporary file and sent from there
        // (with its length, which LS needs), so the Worker's memory does not grow with the import.
        await using var body = new FileStream(Path.Combine(Path.GetTempPath(), $"labelit-predictions-{Guid.NewGuid():N}.json"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        await using (var writer = new Utf8JsonWriter(body))
            writePredictions(writer);
        body.Position = 0;
        using var request = Request(HttpMethod.Post, target, $"api/projects/{target.LsProjectId}/import/predictions");
        request.Content = new StreamContent(body, 64 * 1024) { Headers = { ContentType = new MediaTypeHeaderValue("application/json"), ContentLength = body.Length } };
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, "import the predictions", cancellationToken);
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return answer?["created"]?.GetValue<int>() ?? 0;
    }

    /// <summary>POST /api/tasks/{id}/annotations/: LS makes the body's completed_by its author, or without one the signed-in account (Labelit's service account).</summary>
    public async Task<int> CreateAnnotationAsync(LabelStudioTarget target, int taskId, Action<Utf8JsonWriter> writeAnnotation, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, target, $"api/tasks/{taskId}/annotations/");
        request.Content = JsonBody(writeAnnotation);
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, $"add an annotation to task {taskId}", cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return body?["id"]?.GetValue<int>() ?? throw new InvalidOperationException($"Label Studio created an annotation on task {taskId} without saying its id.");
    }

    public async Task DeleteAnnotationAsync(LabelStudioTarget target, int annotationId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Delete, target, $"api/annotations/{annotationId}/");
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode != System.Net.HttpStatusCode.NotFound)
            await EnsureSuccessAsync(response, $"remove annotation {annotationId}", cancellationToken);
    }

    public static void Register(IServiceCollection services) =>
        services.AddLabelStudioClient<LabelStudioLabels>(TimeSpan.FromMinutes(10));

    private static ReadOnlyMemoryContent JsonBody(Action<Utf8JsonWriter> write)
    {
        var body = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(body))
            write(writer);
        return new ReadOnlyMemoryContent(body.WrittenMemory) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
    }

    /// <summary>LS's refusal, worded for the run's record: the status and the start of LS's answer.</summary>
    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
            return;
        var answer = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new LabelStudioRefusedException($"Label Studio refused to {what} ({(int)response.StatusCode}): {(answer.Length > 300 ? answer[..300] + "..." : answer)}");
    }

    private static HttpRequestMessage Request(HttpMethod method, LabelStudioTarget target, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(target.Address, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", target.AdminToken);
        return request;
    }
}

/// <summary>LS answered a label import call with an error status.</summary>
public sealed class LabelStudioRefusedException(string message) : Exception(message);
