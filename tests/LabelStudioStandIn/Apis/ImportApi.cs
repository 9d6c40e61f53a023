using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.Auth;
using Labelit.LabelStudioStandIn.LabelConfig;
using Labelit.LabelStudioStandIn.Serialization;
using Labelit.LabelStudioStandIn.Storage;

namespace Labelit.LabelStudioStandIn.Apis;

public static class ImportApi
{
    public static RouteGroupBuilder MapImportApi(this RouteGroupBuilder api)
    {
        api.MapPost("projects/{id:int}/import", Import).DisableAntiforgery();
        return api;
    }

    /// <summary>
    /// Takes a JSON array of tasks (or one task, or multipart .json files). Like LS, an item without
    /// a "data" key is itself the data, and every data key the label config refers to must be present.
    /// </summary>
    private static async Task<IResult> Import(int id, HttpContext http, StandInStore store, TimeProvider clock)
    {
        var started = Stopwatch.GetTimestamp();
        var (items, error) = await ReadTasks(http.Request);
        if (error is not null)
            return error;
        var project = store.Read(s => s.Projects.FirstOrDefault(p => p.Id == id));
        if (project is null)
            return LsErrors.NotFound();
        var (config, _) = LabelConfigParser.Parse(project.LabelConfig);
        var required = config?.RequiredDataKeys.ToList() ?? [];

        var tasks = new List<(JsonObject Data, JsonArray Annotations, JsonArray Predictions, JsonObject Meta)>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not JsonObject item)
                return LsErrors.Validation("non_field_errors", $"Task #{i + 1} is not a JSON object.");
            var data = item["data"] is JsonObject nested ? nested : item;
            var missing = required.FirstOrDefault(key => !data.ContainsKey(key));
            if (missing is not null)
                return LsErrors.Validation("non_field_errors",
                    $"Task #{i + 1}: \"{missing}\" key is expected in task data (the label config uses ${missing}).");
            tasks.Add(data == item
                ? ((JsonObject)item.DeepClone(), (JsonArray)(item["annotations"] as JsonArray ?? item["completions"] as JsonArray ?? []).DeepClone(),
                    (JsonArray)(item["predictions"] as JsonArray ?? []).DeepClone(), (JsonObject)(item["meta"] as JsonObject ?? []).DeepClone())
                // The parsed request is not used again, so its parts are taken out of it rather than copied.
                : ((JsonObject)Take(item, "data")!, Take(item, "annotations") as JsonArray ?? Take(item, "completions") as JsonArray ?? [],
                    Take(item, "predictions") as JsonArray ?? [], Take(item, "meta") as JsonObject ?? []));
        }
        if (tasks.Count == 0)
            return LsErrors.Validation("non_field_errors", "No tasks found in the request.");

        var user = http.CurrentUser();
        var (annotationCount, predictionCount) = store.Append(state =>
        {
            var added = new JournalEntry();
            var now = clock.GetUtcNow();
            var innerId = LastInnerId(state, id);
            var annotationsAdded = 0;
            foreach (var (data, annotations, predictions, meta) in tasks)
            {
                var task = new TaskRecord
                {
                    Id = StandInStore.NextId(state, "task"),
                    ProjectId = id,
                    InnerId = ++innerId,
                    Data = data,
                    Meta = meta,
                    Predictions = predictions,
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                state.Tasks.Add(task);
                added.Tasks.Add(task);
                foreach (var annotation in annotations.OfType<JsonObject>())
                {
                    var record = new AnnotationRecord
                    {
                        Id = StandInStore.NextId(state, "annotation"),
                        TaskId = task.Id,
                        ProjectId = id,
                        CompletedBy = ImportedAuthor(state, annotation) ?? user.Id,
                        Result = annotation["result"] as JsonArray is { } result ? (JsonArray)result.DeepClone() : [],
                        WasCancelled = annotation.Bool("was_cancelled") ?? false,
                        GroundTruth = annotation.Bool("ground_truth") ?? false,
                        CreatedAt = now,
                        UpdatedAt = now,
                    };
                    state.Annotations.Add(record);
                    added.Annotations.Add(record);
                    annotationsAdded++;
                }
            }
            return ((annotationsAdded, tasks.Sum(t => t.Predictions.Count)), added);
        });

        return UsersApi.Json(new JsonObject
        {
            ["task_count"] = tasks.Count,
            ["annotation_count"] = annotationCount,
            ["prediction_count"] = predictionCount,
            ["duration"] = Stopwatch.GetElapsedTime(started).TotalSeconds,
            ["file_upload_ids"] = new JsonArray(),
            ["could_be_tasks_list"] = false,
            ["found_formats"] = new JsonArray(),
            ["data_columns"] = new JsonArray(),
        }, StatusCodes.Status201Created);
    }

    private static JsonNode? Take(JsonObject item, string key) => item.Remove(key, out var value) ? value : null;

    // Tasks are only appended, with growing inner ids, so the project's last task has the largest;
    // searching from the end keeps an import's cost independent of everything stored before.
    private static int LastInnerId(StoredState state, int projectId)
    {
        for (var i = state.Tasks.Count - 1; i >= 0; i--)
        {
            if (state.Tasks[i].ProjectId == projectId)
                return state.Tasks[i].InnerId;
        }
        return 0;
    }

    // Like LS: an imported annotation keeps its completed_by when it names a user of this instance
    // (by id, or {"email": ...}); otherwise it belongs to the importing user.
    private static int? ImportedAuthor(StoredState state, JsonObject annotation)
    {
        var author = annotation["completed_by"];
        if (author is JsonValue value && value.TryGetValue<int>(out var id))
            return state.Users.Any(u => u.Id == id) ? id : null;
        var email = (author as JsonObject)?.String("email");
        return state.Users.FirstOrDefault(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase))?.Id;
    }

    private static async Task<(List<JsonNode?> Items, IResult? Error)> ReadTasks(HttpRequest request)
    {
        var items = new List<JsonNode?>();
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            foreach (var file in form.Files)
            {
                try
                {
                    await using var stream = file.OpenReadStream();
                    AddTasks(items, await JsonNode.ParseAsync(stream));
                }
                catch (JsonException e)
                {
                    return ([], LsErrors.Validation("file", $"{file.FileName} is not a JSON task file: {e.Message}"));
                }
            }
            return (items, null);
        }
        var (body, error) = await RequestBody.ReadAsync(request);
        AddTasks(items, body);
        return (items, error);
    }

    private static void AddTasks(List<JsonNode?> items, JsonNode? node)
    {
        if (node is JsonArray array)
            items.AddRange(array);
        else if (node is not null)
            items.Add(node);
    }
}
