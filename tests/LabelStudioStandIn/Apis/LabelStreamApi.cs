using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.Auth;
using Labelit.LabelStudioStandIn.Serialization;
using Labelit.LabelStudioStandIn.Storage;

namespace Labelit.LabelStudioStandIn.Apis;

/// <summary>
/// What LS's editor calls while a person labels: the next task of the stream, the stream's history
/// (the "previous task" arrow), autosaved drafts, and the list of ML backends it shows.
/// </summary>
public static class LabelStreamApi
{
    private const int HistoryLength = 20;

    public static RouteGroupBuilder MapLabelStreamApi(this RouteGroupBuilder api)
    {
        api.MapGet("projects/{id:int}/next/", Next);
        api.MapGet("projects/{id:int}/label-stream-history/", History);
        api.MapGet("tasks/{id:int}/drafts", (int id, HttpContext http, StandInStore store) => store.Read(s =>
            s.Tasks.All(t => t.Id != id) ? LsErrors.NotFound() : UsersApi.Json(new JsonArray(s.Drafts
                .Where(d => d.TaskId == id && d.UserId == http.CurrentUser().Id).Select(d => (JsonNode)Draft(d, s)).ToArray()))));
        api.MapPost("tasks/{id:int}/drafts", CreateDraft);
        api.MapGet("drafts/{id:int}/", (int id, StandInStore store) => store.Read(s =>
            s.Drafts.FirstOrDefault(d => d.Id == id) is { } draft ? UsersApi.Json(Draft(draft, s)) : LsErrors.NotFound()));
        api.MapPatch("drafts/{id:int}/", UpdateDraft);
        api.MapPut("drafts/{id:int}/", UpdateDraft);
        api.MapDelete("drafts/{id:int}/", (int id, StandInStore store) => store.Write(s =>
            s.Drafts.RemoveAll(d => d.Id == id) == 0 ? LsErrors.NotFound() : Results.NoContent()));
        api.MapGet("ml/", () => UsersApi.Json(new JsonArray()));
        // The Data Manager's actions; its label stream asks for the next task with ?id=next_task.
        api.MapGet("dm/actions/", () => UsersApi.Json(new JsonArray(
            new JsonObject { ["id"] = "delete_tasks", ["title"] = "Delete tasks", ["order"] = 100, ["permission"] = "tasks.delete" })));
        api.MapPost("dm/actions/", (HttpContext http, StandInStore store) =>
            http.Request.Query["id"] == "next_task" && int.TryParse(http.Request.Query["project"], out var project)
                ? Next(project, http, store)
                : LsErrors.Api(StatusCodes.Status400BadRequest, "The stand-in runs only the next_task action."));
        return api;
    }

    private static IResult Next(int id, HttpContext http, StandInStore store) => store.Read(state =>
    {
        var project = state.Projects.FirstOrDefault(p => p.Id == id);
        if (project is null)
            return LsErrors.NotFound();
        var user = http.CurrentUser();
        var (query, queryError) = TaskQuery.Read(http.Request);
        if (queryError is not null)
            return queryError;
        var task = LabelStream.NextTaskFor(state, project, user.Id, query);
        if (task is null)
            return LsErrors.Api(StatusCodes.Status404NotFound, $"There are no tasks remaining to be annotated by the user={user.Email}");
        return UsersApi.Json(TaskWithOwnDrafts(task, state, user.Id));
    });

    // The tasks this user finished in the project, newest last, as {task_id, annotation_id}.
    private static IResult History(int id, HttpContext http, StandInStore store) => store.Read(state =>
    {
        if (state.Projects.All(p => p.Id != id))
            return LsErrors.NotFound();
        var user = http.CurrentUser();
        var done = state.Annotations.Where(a => a.ProjectId == id && a.CompletedBy == user.Id)
            .OrderBy(a => a.UpdatedAt).ThenBy(a => a.Id).TakeLast(HistoryLength)
            .Select(a => (JsonNode)new JsonObject { ["task_id"] = a.TaskId, ["annotation_id"] = a.Id });
        return UsersApi.Json(new JsonArray(done.ToArray()));
    });

    private static async Task<IResult> CreateDraft(int id, HttpContext http, StandInStore store, TimeProvider clock)
    {
        var (body, error) = await RequestBody.ReadObjectAsync(http.Request);
        if (error is not null)
            return error;
        var user = http.CurrentUser();
        return store.Write(state =>
        {
            if (state.Tasks.All(t => t.Id != id))
                return LsErrors.NotFound();
            var now = clock.GetUtcNow();
            var draft = new DraftRecord
            {
                Id = StandInStore.NextId(state, "draft"),
                TaskId = id,
                UserId = user.Id,
                AnnotationId = (int?)body.Number("annotation"),
                Result = body["result"] as JsonArray is { } result ? (JsonArray)result.DeepClone() : [],
                LeadTime = body.Number("lead_time") ?? 0,
                CreatedAt = now,
                UpdatedAt = now,
            };
            state.Drafts.Add(draft);
            return UsersApi.Json(Draft(draft, state), StatusCodes.Status201Created);
        });
    }

    private static async Task<IResult> UpdateDraft(int id, HttpContext http, StandInStore store, TimeProvider clock)
    {
        var (body, error) = await RequestBody.ReadObjectAsync(http.Request);
        if (error is not null)
            return error;
        return store.Write(state =>
        {
            var draft = state.Drafts.FirstOrDefault(d => d.Id == id);
            if (draft is null)
                return LsErrors.NotFound();
            if (body["result"] is JsonArray result)
                draft.Result = (JsonArray)result.DeepClone();
            draft.LeadTime = body.Number("lead_time") ?? draft.LeadTime;
            draft.UpdatedAt = clock.GetUtcNow();
            return UsersApi.Json(Draft(draft, state));
        });
    }

    /// <summary>A task as the editor opens it: its annotations, predictions and the reader's own drafts.</summary>
    public static JsonObject TaskWithOwnDrafts(TaskRecord task, StoredState state, int userId)
    {
        var json = LsJson.Task(task, state, withAnnotations: true);
        json["drafts"] = new JsonArray(state.Drafts.Where(d => d.TaskId == task.Id && d.UserId == userId)
            .Select(d => (JsonNode)Draft(d, state)).ToArray());
        return json;
    }

    public static JsonObject Draft(DraftRecord draft, StoredState state)
    {
        var author = state.Users.FirstOrDefault(u => u.Id == draft.UserId);
        return new JsonObject
        {
            ["id"] = draft.Id,
            ["user"] = author?.Email ?? "",
            ["created_username"] = author is null ? "" : LsJson.CreatedUsername(author),
            ["created_ago"] = "0 minutes",
            ["result"] = draft.Result.DeepClone(),
            ["lead_time"] = draft.LeadTime,
            ["was_postponed"] = false,
            ["import_id"] = null,
            ["created_at"] = LsJson.Time(draft.CreatedAt),
            ["updated_at"] = LsJson.Time(draft.UpdatedAt),
            ["task"] = draft.TaskId,
            ["annotation"] = draft.AnnotationId,
        };
    }
}
