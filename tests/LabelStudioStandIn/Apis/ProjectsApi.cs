using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.Auth;
using Labelit.LabelStudioStandIn.LabelConfig;
using Labelit.LabelStudioStandIn.Options;
using Labelit.LabelStudioStandIn.Serialization;
using Labelit.LabelStudioStandIn.Storage;

namespace Labelit.LabelStudioStandIn.Apis;

public static class ProjectsApi
{
    private const int TitleMinLength = 3;
    private const int TitleMaxLength = 50;
    private const int DefaultPageSize = 30;

    public static RouteGroupBuilder MapProjectsApi(this RouteGroupBuilder api)
    {
        api.MapGet("projects/", List);
        api.MapPost("projects/", Create);
        api.MapPost("projects/validate/", Validate).WithMetadata(new AllowAnonymousApiAttribute());
        api.MapGet("projects/{id:int}/", (int id, StandInStore store) => store.Read(s =>
            s.Projects.FirstOrDefault(p => p.Id == id) is { } project
                ? UsersApi.Json(LsJson.Project(project, s)) : LsErrors.NotFound()));
        api.MapPatch("projects/{id:int}/", Update);
        api.MapDelete("projects/{id:int}/", Delete);
        return api;
    }

    // Paginated like LS's project list (DRF page-number pagination: count/next/previous/results).
    private static IResult List(HttpRequest request, StandInStore store, StandInOptions options)
    {
        var page = Pagination.Read(request, DefaultPageSize);
        if (page.Error is not null)
            return page.Error;
        return store.Read(state =>
        {
            var projects = state.Projects.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).ToList();
            if (!page.Fits(projects.Count))
                return LsErrors.Api(StatusCodes.Status404NotFound, "Invalid page.");
            var results = projects.Skip(page.Skip).Take(page.Size).Select(p => (JsonNode)LsJson.Project(p, state)).ToArray();
            return UsersApi.Json(new JsonObject
            {
                ["count"] = projects.Count,
                ["next"] = page.Number * page.Size < projects.Count ? PageLink(request, options, page.Number + 1) : null,
                ["previous"] = page.Number > 1 ? PageLink(request, options, page.Number - 1) : null,
                ["results"] = new JsonArray(results),
            });
        });
    }

    private static async Task<IResult> Create(HttpContext http, StandInStore store, TimeProvider clock)
    {
        var (body, error) = await RequestBody.ReadObjectAsync(http.Request);
        if (error is not null)
            return error;
        var invalid = ValidateFields(body);
        if (invalid is not null)
            return invalid;
        var user = http.CurrentUser();
        return store.Write(state =>
        {
            var project = new ProjectRecord
            {
                Id = StandInStore.NextId(state, "project"),
                CreatedBy = user.Id,
                CreatedAt = clock.GetUtcNow(),
            };
            Apply(project, body);
            state.Projects.Add(project);
            return UsersApi.Json(LsJson.Project(project, state), StatusCodes.Status201Created);
        });
    }

    private static async Task<IResult> Update(int id, HttpRequest request, StandInStore store)
    {
        var (body, error) = await RequestBody.ReadObjectAsync(request);
        if (error is not null)
            return error;
        var invalid = ValidateFields(body);
        if (invalid is not null)
            return invalid;
        return store.Write(state =>
        {
            var project = state.Projects.FirstOrDefault(p => p.Id == id);
            if (project is null)
                return LsErrors.NotFound();
            Apply(project, body);
            return UsersApi.Json(LsJson.Project(project, state));
        });
    }

    private static IResult Delete(int id, StandInStore store) => store.Write(state =>
    {
        if (state.Projects.RemoveAll(p => p.Id == id) == 0)
            return LsErrors.NotFound();
        state.Annotations.RemoveAll(a => a.ProjectId == id);
        state.Tasks.RemoveAll(t => t.ProjectId == id);
        state.Exports.RemoveAll(e => e.ProjectId == id);
        return Results.NoContent();
    });

    // LS answers this one with DRF's plain error shape ({"label_config": [...]}), not its own.
    private static async Task<IResult> Validate(HttpRequest request)
    {
        var (body, error) = await RequestBody.ReadObjectAsync(request);
        if (error is not null)
            return error;
        var (_, message) = LabelConfigParser.Parse(body.String("label_config"));
        return message is null
            ? Results.NoContent()
            : UsersApi.Json(new JsonObject { ["label_config"] = new JsonArray(message) }, StatusCodes.Status400BadRequest);
    }

    private static IResult? ValidateFields(JsonObject body)
    {
        var title = body.String("title");
        if (title is { Length: > 0 and < TitleMinLength })
            return LsErrors.Validation("title", $"Ensure this field has at least {TitleMinLength} characters.");
        if (title is { Length: > TitleMaxLength })
            return LsErrors.Validation("title", $"Ensure this field has no more than {TitleMaxLength} characters.");
        if (body.ContainsKey("label_config"))
        {
            var (_, message) = LabelConfigParser.Parse(body.String("label_config"));
            if (message is not null)
                return LsErrors.Validation("label_config", message);
        }
        return null;
    }

    private static void Apply(ProjectRecord project, JsonObject body)
    {
        project.Title = body.String("title") ?? project.Title;
        project.Description = body.String("description") ?? project.Description;
        project.LabelConfig = body.String("label_config") ?? project.LabelConfig;
        project.ExpertInstruction = body.String("expert_instruction") ?? project.ExpertInstruction;
        project.Color = body.String("color") ?? project.Color;
        project.Sampling = body.String("sampling") ?? project.Sampling;
        project.IsPublished = body.Bool("is_published") ?? project.IsPublished;
        project.ShowSkipButton = body.Bool("show_skip_button") ?? project.ShowSkipButton;
        if (body.Number("maximum_annotations") is { } maximum and >= 1)
            project.MaximumAnnotations = (int)maximum;
    }

    private static string PageLink(HttpRequest request, StandInOptions options, int page)
    {
        var origin = options.Host.Length > 0
            ? new Uri(options.Host).GetLeftPart(UriPartial.Authority) + options.PathPrefix
            : $"{request.Scheme}://{request.Host}";
        var query = QueryString.Create(request.Query
            .Where(q => q.Key != "page")
            .Select(q => KeyValuePair.Create(q.Key, (string?)q.Value.ToString()))
            .Append(KeyValuePair.Create("page", (string?)page.ToString())));
        return origin + request.Path + query;
    }
}
