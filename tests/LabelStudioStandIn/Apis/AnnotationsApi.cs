using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.Auth;
using Labelit.LabelStudioStandIn.LabelConfig;
using Labelit.LabelStudioStandIn.Serialization;
using Labelit.LabelStudioStandIn.Storage;

namespace Labelit.LabelStudioStandIn.Apis;

public static class AnnotationsApi
{
    public static RouteGroupBuilder MapAnnotationsApi(this RouteGroupBuilder api)
    {
        // LS lists a task's annotations without the skipped (was_cancelled) ones.
        api.MapGet("tasks/{id:int}/annotations/", (int id, StandInStore store) => store.Read(s =>
            s.Tasks.All(t => t.Id != id)
                ? LsErrors.NotFound()
                : UsersApi.Json(new JsonArray(s.Annotations.Where(a => a.TaskId == id && !a.WasCancelled)
                    .OrderBy(a => a.Id).Select(a => (JsonNode)LsJson.Annotation(a, s)).ToArray()))));
        api.MapPost("tasks/{id:int}/annotations/", Create);
        api.MapGet("annotations/{id:int}/", (int id, StandInStore store) => store.Read(s =>
            s.Annotations.FirstOrDefault(a => a.Id == id) is { } annotation
                ? UsersApi.Json(LsJson.Annotation(annotation, s)) : LsErrors.NotFound()));
        api.MapPatch("annotations/{id:int}/", Update);
        api.MapPut("annotations/{id:int}/", Update);
        api.MapDelete("annotations/{id:int}/", (int id, StandInStore store) => store.Write(s =>
            s.Annotations.RemoveAll(a => a.Id == id) == 0 ? LsErrors.NotFound() : Results.NoContent()));
        return api;
    }

    /// <summary>Like LS 1.8's AnnotationSerializer (completed_by a writable PrimaryKeyRelatedField over
    /// every user): a completed_by naming a user makes them the author, an unknown id is refused, and
    /// without one the signed-in user is the author.</summary>
    private static async Task<IResult> Create(int id, HttpContext http, StandInStore store, TimeProvider clock)
    {
        var (body, error) = await RequestBody.ReadObjectAsync(http.Request);
        if (error is not null)
            return error;
        var user = http.CurrentUser();
        return store.Write(state =>
        {
            var task = state.Tasks.FirstOrDefault(t => t.Id == id);
            if (task is null)
                return LsErrors.NotFound();
            var project = state.Projects.First(p => p.Id == task.ProjectId);
            var (result, invalid) = ReadResult(body, project.LabelConfig);
            if (invalid is not null)
                return invalid;
            var author = user.Id;
            if (body["completed_by"] is JsonValue named && named.TryGetValue<int>(out var namedId))
            {
                if (!state.Users.Any(u => u.Id == namedId))
                    return LsErrors.Validation("completed_by", $"Invalid pk \"{namedId}\" - object does not exist.");
                author = namedId;
            }
            var now = clock.GetUtcNow();
            var annotation = new AnnotationRecord
            {
                Id = StandInStore.NextId(state, "annotation"),
                TaskId = task.Id,
                ProjectId = task.ProjectId,
                CompletedBy = author,
                Result = result ?? [],
                WasCancelled = body.Bool("was_cancelled") ?? false,
                GroundTruth = body.Bool("ground_truth") ?? false,
                LeadTime = body.Number("lead_time") ?? 0,
                CreatedAt = now,
                UpdatedAt = now,
            };
            state.Annotations.Add(annotation);
            task.UpdatedAt = now;
            // The draft the editor autosaved becomes this annotation.
            if (body.Number("draft_id") is { } draftId)
                state.Drafts.RemoveAll(d => d.Id == (int)draftId);
            return UsersApi.Json(LsJson.Annotation(annotation, state), StatusCodes.Status201Created);
        });
    }

    private static async Task<IResult> Update(int id, HttpContext http, StandInStore store, TimeProvider clock)
    {
        var (body, error) = await RequestBody.ReadObjectAsync(http.Request);
        if (error is not null)
            return error;
        var user = http.CurrentUser();
        return store.Write(state =>
        {
            var annotation = state.Annotations.FirstOrDefault(a => a.Id == id);
            if (annotation is null)
                return LsErrors.NotFound();
            var project = state.Projects.First(p => p.Id == annotation.ProjectId);
            var (result, invalid) = ReadResult(body, project.LabelConfig);
            if (invalid is not null)
                return invalid;
            annotation.Result = result ?? annotation.Result;
            annotation.WasCancelled = body.Bool("was_cancelled") ?? annotation.WasCancelled;
            annotation.GroundTruth = body.Bool("ground_truth") ?? annotation.GroundTruth;
            annotation.LeadTime = body.Number("lead_time") ?? annotation.LeadTime;
            annotation.UpdatedBy = user.Id;
            annotation.UpdatedAt = clock.GetUtcNow();
            // LS's Annotation.save() saves its task's updated_at too (update_task): the Data Manager's "Updated at".
            state.Tasks.First(t => t.Id == annotation.TaskId).UpdatedAt = annotation.UpdatedAt;
            return UsersApi.Json(LsJson.Annotation(annotation, state));
        });
    }

    /// <summary>A result must be a list of regions whose from_name/to_name exist in the label config.</summary>
    private static (JsonArray? Result, IResult? Error) ReadResult(JsonObject body, string labelConfig)
    {
        if (!body.ContainsKey("result"))
            return (null, null);
        if (body["result"] is not JsonArray result)
            return (null, LsErrors.Validation("result", "Expected a list of items."));
        var (config, _) = LabelConfigParser.Parse(labelConfig);
        foreach (var region in result)
        {
            if (region is not JsonObject item)
                return (null, LsErrors.Validation("result", "Every result item must be an object."));
            var fromName = item.String("from_name");
            var control = config?.Controls.FirstOrDefault(c => c.Name == fromName);
            if (control is null)
                return (null, LsErrors.Validation("result", $"from_name \"{fromName}\" is not a control tag of the label config."));
            if (!control.ToName.Split(',').Contains(item.String("to_name")))
                return (null, LsErrors.Validation("result",
                    $"to_name \"{item.String("to_name")}\" is not the toName of \"{fromName}\" ({control.ToName})."));
        }
        return ((JsonArray)result.DeepClone(), null);
    }
}
