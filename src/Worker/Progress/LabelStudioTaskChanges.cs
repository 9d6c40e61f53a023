using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Labelit.Worker.LabelStudio;
using Labelit.Worker.Progress.Agreement;

namespace Labelit.Worker.Progress;

/// <summary>An LS task as progress needs it: its annotations' authors, outcomes and times.</summary>
public sealed record ChangedTask(int Id, DateTimeOffset UpdatedAt, IReadOnlyList<ChangedAnnotation> Annotations);

/// <param name="Marks">What its result marked, as agreement between annotators compares it.</param>
public sealed record ChangedAnnotation(int Id, int? LsUserId, bool WasCancelled, double LeadTime, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<Mark> Marks);

/// <summary>
/// Reads the tasks LS changed in a time window through its Data Manager task list (GET /api/tasks/
/// with fields=all and a ?query= of filters, LS's data_manager/functions.py). LS saves a task's
/// updated_at whenever one of its annotations is saved, so the window finds new and edited annotations.
/// </summary>
public sealed class LabelStudioTaskChanges(HttpClient http)
{
    // LS parses Datetime filter values with strptime('%Y-%m-%dT%H:%M:%S.%fZ').
    private const string LsDatetime = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public int PageSize { get; init; } = 1000;

    /// <summary>How many tasks the project has in LS (the list's <c>total</c>, one task asked for).</summary>
    public async Task<int> CountTasksAsync(LabelStudioTarget target, CancellationToken cancellationToken)
    {
        var body = await GetAsync(target, $"api/tasks/?project={target.LsProjectId}&page=1&page_size=1", cancellationToken);
        return body?["total"]?.GetValue<int>() ?? 0;
    }

    /// <summary>
    /// Every task whose updated_at is after <paramref name="after"/> (all when null) and not after
    /// <paramref name="upTo"/>. Pages go by task id (a filter "id greater than the last one read"), not
    /// by page number: a task updated during the read leaves the window without shifting the others.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<ChangedTask>> ReadAsync(LabelStudioTarget target, DateTimeOffset? after, DateTimeOffset upTo,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lastId = 0;
        while (true)
        {
            var items = new JsonArray
            {
                Filter("filter:tasks:updated_at", "less_or_equal", "Datetime", Time(upTo)),
                Filter("filter:tasks:id", "greater", "Number", lastId),
            };
            if (after is { } since)
                items.Add(Filter("filter:tasks:updated_at", "greater", "Datetime", Time(since)));
            var query = new JsonObject
            {
                ["filters"] = new JsonObject { ["conjunction"] = "and", ["items"] = items },
                ["ordering"] = new JsonArray("tasks:id"),
            };
            var body = await GetAsync(target,
                $"api/tasks/?project={target.LsProjectId}&fields=all&page=1&page_size={PageSize}&query={Uri.EscapeDataString(query.ToJsonString())}",
                cancellationToken);
            var tasks = (body?["tasks"] as JsonArray ?? []).Select(Task).ToList();
            if (tasks.Count > 0)
                yield return tasks;
            if (tasks.Count < PageSize)
                yield break;
            lastId = tasks[^1].Id;
        }
    }

    public static void Register(IServiceCollection services) =>
        services.AddLabelStudioClient<LabelStudioTaskChanges>(TimeSpan.FromMinutes(2));

    private async Task<JsonObject?> GetAsync(LabelStudioTarget target, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(target.Address, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", target.AdminToken);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null; // DRF's "Invalid page.": nothing on it
        if (!response.IsSuccessStatusCode)
            throw new LabelStudioRefusedException((int)response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
    }

    private static JsonObject Filter(string field, string op, string type, JsonNode value) =>
        new() { ["filter"] = field, ["operator"] = op, ["type"] = type, ["value"] = value };

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString(LsDatetime, CultureInfo.InvariantCulture);

    private static ChangedTask Task(JsonNode? task) => new(
        task!["id"]!.GetValue<int>(),
        ParseTime(task["updated_at"]),
        (task["annotations"] as JsonArray ?? []).Select(a => new ChangedAnnotation(
            a!["id"]!.GetValue<int>(),
            // completed_by is the user's id; some serializers nest the user instead.
            a["completed_by"] switch { JsonValue id => id.GetValue<int>(), JsonObject user => user["id"]?.GetValue<int>(), _ => null },
            a["was_cancelled"]?.GetValue<bool>() ?? false,
            a["lead_time"] is JsonValue lead && lead.TryGetValue<double>(out var seconds) ? seconds : 0,
            ParseTime(a["created_at"]),
            ParseTime(a["updated_at"] ?? a["created_at"]),
            MarkReader.Read(a["result"] as JsonArray))).ToList());

    private static DateTimeOffset ParseTime(JsonNode? value) =>
        DateTimeOffset.Parse(value!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}

/// <summary>LS answered a progress read with an error status.</summary>
public sealed class LabelStudioRefusedException(int status)
    : Exception($"Label Studio refused to list its tasks (HTTP {status}).")
{
    public int Status { get; } = status;
}
