using Labelit.LabelStudioStandIn.Auth;
using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.Serialization;
using Labelit.LabelStudioStandIn.Storage;

namespace Labelit.LabelStudioStandIn.Apis;

public static class TasksApi
{
    private const int DefaultPageSize = 100;

    public static RouteGroupBuilder MapTasksApi(this RouteGroupBuilder api)
    {
        api.MapGet("tasks/", List);
        api.MapGet("tasks/{id:int}/", (int id, HttpContext http, StandInStore store) => store.Read(s =>
            s.Tasks.FirstOrDefault(t => t.Id == id) is { } task
                ? UsersApi.Json(LabelStreamApi.TaskWithOwnDrafts(task, s, http.CurrentUser().Id)) : LsErrors.NotFound()));
        api.MapPatch("tasks/{id:int}/", Update);
        api.MapDelete("tasks/{id:int}/", (int id, StandInStore store) => store.Write(state =>
        {
            if (state.Tasks.RemoveAll(t => t.Id == id) == 0)
                return LsErrors.NotFound();
            state.Annotations.RemoveAll(a => a.TaskId == id);
            return Results.NoContent();
        }));
        return api;
    }

    /// <summary>
    /// LS's task list: {"total_annotations", "total_predictions", "total", "tasks"}, 100 per page by
    /// default. Annotations are only inlined with fields=all, as LS's SDK asks for them; ?query= filters
    /// and orders them as LS's Data Manager does (<see cref="TaskQuery"/>).
    /// </summary>
    private static IResult List(HttpRequest request, StandInStore store)
    {
        var page = Pagination.Read(request, DefaultPageSize);
        if (page.Error is not null)
            return page.Error;
        var projectText = request.Query["project"].ToString();
        int? projectId = int.TryParse(projectText, out var parsed) ? parsed : null;
        if (projectText.Length > 0 && projectId is null)
            return LsErrors.Validation("project", "Enter a whole number.");
        var withAnnotations = request.Query["fields"].ToString() == "all";
        var (query, queryError) = TaskQuery.Read(request);
        if (queryError is not null)
            return queryError;
        return store.Read(state =>
        {
            var tasks = query.Order(state.Tasks.Where(t => (projectId is null || t.ProjectId == projectId) && query.Matches(t))).ToList();
            if (!page.Fits(tasks.Count))
                return LsErrors.Api(StatusCodes.Status404NotFound, "Invalid page.");
            var ids = tasks.Select(t => t.Id).ToHashSet();
            var byTask = LsJson.AnnotationsByTask(state);
            return UsersApi.Json(new JsonObject
            {
                ["total_annotations"] = state.Annotations.Count(a => ids.Contains(a.TaskId) && !a.WasCancelled),
                ["total_predictions"] = tasks.Sum(t => t.Predictions.Count),
                ["total"] = tasks.Count,
                ["tasks"] = new JsonArray(tasks.Skip(page.Skip).Take(page.Size)
                    .Select(t => (JsonNode)LsJson.Task(t, state, withAnnotations, byTask)).ToArray()),
            });
        });
    }

    private static async Task<IResult> Update(int id, HttpRequest request, StandInStore store, TimeProvider clock)
    {
        var (body, error) = await RequestBody.ReadObjectAsync(request);
        if (error is not null)
            return error;
        return store.Write(state =>
        {
            var task = state.Tasks.FirstOrDefault(t => t.Id == id);
            if (task is null)
                return LsErrors.NotFound();
            if (body["data"] is JsonObject data)
                task.Data = (JsonObject)data.DeepClone();
            if (body["meta"] is JsonObject meta)
                task.Meta = (JsonObject)meta.DeepClone();
            task.UpdatedAt = clock.GetUtcNow();
            return UsersApi.Json(LsJson.Task(task, state, withAnnotations: false));
        });
    }
}
