using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.Serialization;
using Labelit.LabelStudioStandIn.Storage;

namespace Labelit.LabelStudioStandIn.Apis;

/// <summary>
/// LS's ImportPredictionsAPI (data_import/api.py, <c>POST /api/projects/{id}/import/predictions</c>): a JSON
/// array of {task, result, score, model_version}. Every item's task must belong to the project, checked
/// for all items before any prediction is created (a refusal creates none); answers 201 {"created": N}.
/// </summary>
public static class PredictionsImportApi
{
    public static RouteGroupBuilder MapPredictionsImportApi(this RouteGroupBuilder api)
    {
        api.MapPost("projects/{id:int}/import/predictions", Import).DisableAntiforgery();
        return api;
    }

    private static async Task<IResult> Import(int id, HttpContext http, StandInStore store, TimeProvider clock)
    {
        var (body, error) = await RequestBody.ReadAsync(http.Request);
        if (error is not null)
            return error;
        if (store.Read(s => s.Projects.All(p => p.Id != id)))
            return LsErrors.NotFound();
        var items = body as JsonArray ?? [];
        return store.Write(state =>
        {
            var tasks = state.Tasks.Where(t => t.ProjectId == id).ToDictionary(t => t.Id);
            foreach (var item in items)
            {
                if (item?["task"] is not JsonValue task || !task.TryGetValue<int>(out var taskId) || !tasks.ContainsKey(taskId))
                    return LsErrors.Validation("non_field_errors",
                        $"{item?.ToJsonString()} contains invalid \"task\" field: corresponding task ID couldn't be retrieved from project {id} tasks");
            }

            var now = clock.GetUtcNow();
            foreach (var item in items.OfType<JsonObject>())
            {
                var task = tasks[item["task"]!.GetValue<int>()];
                task.Predictions.Add(new JsonObject
                {
                    ["id"] = StandInStore.NextId(state, "prediction"),
                    ["model_version"] = item["model_version"]?.DeepClone() ?? "undefined",
                    ["score"] = item["score"]?.DeepClone(),
                    ["result"] = item["result"]?.DeepClone() ?? new JsonArray(),
                    ["task"] = task.Id,
                    ["project"] = id,
                    ["created_at"] = now.ToString("O"),
                    ["updated_at"] = now.ToString("O"),
                });
            }

            return UsersApi.Json(new JsonObject { ["created"] = items.Count }, StatusCodes.Status201Created);
        });
    }
}
