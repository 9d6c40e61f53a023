using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.Auth;
using Labelit.LabelStudioStandIn.Options;
using Labelit.LabelStudioStandIn.Serialization;
using Labelit.LabelStudioStandIn.Storage;

namespace Labelit.LabelStudioStandIn.Apis;

public static class ExportApi
{
    public static RouteGroupBuilder MapExportApi(this RouteGroupBuilder api)
    {
        api.MapGet("projects/{id:int}/export", Export);
        api.MapGet("projects/{id:int}/exports/", (int id, StandInStore store, TimeProvider clock) => store.Read(s =>
            s.Projects.All(p => p.Id != id)
                ? LsErrors.NotFound()
                : UsersApi.Json(new JsonArray(s.Exports.Where(e => e.ProjectId == id).OrderByDescending(e => e.Id)
                    .Select(e => (JsonNode)SnapshotJson(e, s, clock.GetUtcNow())).ToArray()))));
        api.MapPost("projects/{id:int}/exports/", CreateSnapshot);
        api.MapGet("projects/{id:int}/exports/{pk:int}", (int id, int pk, StandInStore store, TimeProvider clock) => store.Read(s =>
            Find(s, id, pk) is { } export ? UsersApi.Json(SnapshotJson(export, s, clock.GetUtcNow())) : LsErrors.NotFound()));
        api.MapDelete("projects/{id:int}/exports/{pk:int}", (int id, int pk, StandInStore store) => store.Write(s =>
            s.Exports.RemoveAll(e => e.ProjectId == id && e.Id == pk) == 0 ? LsErrors.NotFound() : Results.NoContent()));
        api.MapPost("projects/{id:int}/exports/{pk:int}/convert", Convert);
        api.MapGet("projects/{id:int}/exports/{pk:int}/download", Download);
        return api;
    }

    /// <summary>
    /// The synchronous export. Like LS it leaves out tasks without annotations unless
    /// download_all_tasks=true, and ids= limits it to some tasks.
    /// </summary>
    private static IResult Export(int id, HttpRequest request, StandInStore store, TimeProvider clock)
    {
        var allTasks = request.Query["download_all_tasks"].ToString() is "true" or "True" or "1";
        var ids = request.Query["ids"].Concat(request.Query["ids[]"])
            .Select(v => int.TryParse(v, out var taskId) ? taskId : -1).ToHashSet();
        var tasks = store.Read(state =>
        {
            if (state.Projects.All(p => p.Id != id))
                return null;
            var byTask = LsJson.AnnotationsByTask(state);
            return new JsonArray(state.Tasks
                .Where(t => t.ProjectId == id && (ids.Count == 0 || ids.Contains(t.Id)))
                .Where(t => allTasks || byTask[t.Id].Any())
                .OrderBy(t => t.Id)
                .Select(t => (JsonNode)LsJson.ExportedTask(t, state, byTask)).ToArray());
        });
        return tasks is null
            ? LsErrors.NotFound()
            : ExportFormats.File(tasks, request.Query["exportType"].ToString(), id, clock.GetUtcNow());
    }

    // A snapshot freezes the tasks at creation. It reports "in_progress" until STANDIN_EXPORT_DELAY_MS
    // has passed, so clients must poll as they must with LS running exports in a background worker.
    private static async Task<IResult> CreateSnapshot(int id, HttpContext http, StandInStore store,
        StandInOptions options, TimeProvider clock)
    {
        var (body, error) = await RequestBody.ReadObjectAsync(http.Request);
        if (error is not null)
            return error;
        var onlyWithAnnotations = (body["task_filter_options"] as JsonObject)?.Bool("only_with_annotations") ?? false;
        var user = http.CurrentUser();
        return store.Write(state =>
        {
            if (state.Projects.All(p => p.Id != id))
                return LsErrors.NotFound();
            var now = clock.GetUtcNow();
            var byTask = LsJson.AnnotationsByTask(state);
            var export = new ExportRecord
            {
                Id = StandInStore.NextId(state, "export"),
                ProjectId = id,
                Title = body.String("title") ?? "",
                CreatedBy = user.Id,
                CreatedAt = now,
                FinishesAt = now + options.ExportDelay,
                OnlyWithAnnotations = onlyWithAnnotations,
                Snapshot = new JsonArray(state.Tasks
                    .Where(t => t.ProjectId == id && (!onlyWithAnnotations || byTask[t.Id].Any()))
                    .OrderBy(t => t.Id)
                    .Select(t => (JsonNode)LsJson.ExportedTask(t, state, byTask)).ToArray()),
            };
            state.Exports.Add(export);
            return UsersApi.Json(SnapshotJson(export, state, now), StatusCodes.Status201Created);
        });
    }

    private static IResult Download(int id, int pk, HttpRequest request, StandInStore store, TimeProvider clock)
    {
        var export = store.Read(s => Find(s, id, pk));
        if (export is null)
            return LsErrors.NotFound();
        if (export.FinishesAt > clock.GetUtcNow())
            return LsErrors.Api(StatusCodes.Status404NotFound, "Export is not completed yet.");
        return ExportFormats.File((JsonArray)export.Snapshot.DeepClone(), request.Query["exportType"].ToString(), id, export.CreatedAt);
    }

    private static async Task<IResult> Convert(int id, int pk, HttpRequest request, StandInStore store)
    {
        var (body, error) = await RequestBody.ReadObjectAsync(request);
        if (error is not null)
            return error;
        var type = body.String("export_type") ?? "";
        if (store.Read(s => Find(s, id, pk)) is null)
            return LsErrors.NotFound();
        if (!ExportFormats.Supported.Contains(type, StringComparer.OrdinalIgnoreCase))
            return LsErrors.Validation("export_type", $"\"{type}\" is not supported by the Label Studio stand-in.");
        return UsersApi.Json(new JsonObject { ["export_type"] = type.ToUpperInvariant(), ["converted_format"] = pk });
    }

    private static ExportRecord? Find(StoredState state, int projectId, int exportId) =>
        state.Exports.FirstOrDefault(e => e.ProjectId == projectId && e.Id == exportId);

    private static JsonObject SnapshotJson(ExportRecord export, StoredState state, DateTimeOffset now)
    {
        var done = export.FinishesAt <= now;
        var creator = state.Users.FirstOrDefault(u => u.Id == export.CreatedBy);
        return new JsonObject
        {
            ["id"] = export.Id,
            ["title"] = export.Title,
            ["created_by"] = creator is null ? null : new JsonObject
            {
                ["id"] = creator.Id,
                ["first_name"] = creator.FirstName,
                ["last_name"] = creator.LastName,
                ["email"] = creator.Email,
                ["avatar"] = null,
            },
            ["created_at"] = LsJson.Time(export.CreatedAt),
            ["finished_at"] = done ? LsJson.Time(export.FinishesAt) : null,
            ["status"] = done ? "completed" : "in_progress",
            ["md5"] = done ? System.Convert.ToHexStringLower(
                System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(export.Snapshot.ToJsonString()))) : "",
            ["counters"] = new JsonObject { ["task_number"] = export.Snapshot.Count },
            ["converted_formats"] = new JsonArray(done
                ? [new JsonObject { ["id"] = export.Id, ["status"] = "completed", ["export_type"] = "JSON" }]
                : Array.Empty<JsonNode>()),
        };
    }
}
