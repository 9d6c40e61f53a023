using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.Auth;
using Labelit.LabelStudioStandIn.Serialization;
using Labelit.LabelStudioStandIn.Storage;

namespace Labelit.LabelStudioStandIn.Apis;

/// <summary>
/// The Data Manager's tabs (/api/dm/views/): LS's task list creates one the first time a person
/// opens it, and saves its filters and columns as they change.
/// </summary>
public static class DataManagerViewsApi
{
    public static RouteGroupBuilder MapDataManagerViewsApi(this RouteGroupBuilder api)
    {
        api.MapGet("dm/views/", (HttpRequest request, StandInStore store) => store.Read(s =>
        {
            var project = int.TryParse(request.Query["project"], out var p) ? p : (int?)null;
            return UsersApi.Json(new JsonArray(s.Views.Where(v => project is null || v.ProjectId == project)
                .OrderBy(v => v.Order).ThenBy(v => v.Id).Select(v => (JsonNode)View(v)).ToArray()));
        }));
        api.MapPost("dm/views/", Create);
        api.MapGet("dm/views/{id:int}/", (int id, StandInStore store) => store.Read(s =>
            s.Views.FirstOrDefault(v => v.Id == id) is { } view ? UsersApi.Json(View(view)) : LsErrors.NotFound()));
        api.MapPatch("dm/views/{id:int}/", Update);
        api.MapPut("dm/views/{id:int}/", Update);
        api.MapDelete("dm/views/{id:int}/", (int id, StandInStore store) => store.Write(s =>
            s.Views.RemoveAll(v => v.Id == id) == 0 ? LsErrors.NotFound() : Results.NoContent()));
        return api;
    }

    private static async Task<IResult> Create(HttpContext http, StandInStore store)
    {
        var (body, error) = await RequestBody.ReadObjectAsync(http.Request);
        if (error is not null)
            return error;
        if (body.Number("project") is not { } projectId)
            return LsErrors.Validation("project", "This field is required.");
        var user = http.CurrentUser();
        return store.Write(state =>
        {
            if (state.Projects.All(p => p.Id != (int)projectId))
                return LsErrors.Validation("project", $"Invalid pk \"{projectId}\" - object does not exist.");
            var view = new ViewRecord
            {
                Id = StandInStore.NextId(state, "view"),
                ProjectId = (int)projectId,
                UserId = user.Id,
                Order = state.Views.Count(v => v.ProjectId == (int)projectId),
                Data = body["data"] as JsonObject is { } data ? (JsonObject)data.DeepClone() : [],
            };
            state.Views.Add(view);
            return UsersApi.Json(View(view), StatusCodes.Status201Created);
        });
    }

    private static async Task<IResult> Update(int id, HttpRequest request, StandInStore store)
    {
        var (body, error) = await RequestBody.ReadObjectAsync(request);
        if (error is not null)
            return error;
        return store.Write(state =>
        {
            var view = state.Views.FirstOrDefault(v => v.Id == id);
            if (view is null)
                return LsErrors.NotFound();
            if (body["data"] is JsonObject data)
                view.Data = (JsonObject)data.DeepClone();
            return UsersApi.Json(View(view));
        });
    }

    private static JsonObject View(ViewRecord view) => new()
    {
        ["id"] = view.Id,
        ["project"] = view.ProjectId,
        ["user"] = view.UserId,
        ["order"] = view.Order,
        ["data"] = view.Data.DeepClone(),
        ["selected_items"] = null,
        ["filter_group"] = null,
    };
}
