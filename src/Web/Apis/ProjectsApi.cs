using System.Security.Claims;
using Labelit.Web.Accounts;
using Labelit.Web.Projects;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Labelit.Web.Apis;

public static class ProjectsApi
{
    public static RouteGroupBuilder MapProjectsApi(this RouteGroupBuilder api)
    {
        var projects = api.MapGroup("/projects").WithTags("Projects");
        projects.MapGet("/", ListAsync);
        projects.MapPost("/", CreateAsync).RequireAuthorization(ApiPolicies.ProjectCreator);
        projects.MapGet("/{id:long}", GetAsync);
        projects.MapPut("/{id:long}", UpdateAsync);
        projects.MapDelete("/{id:long}", DeleteAsync);
        projects.MapGet("/{id:long}/annotators", ListAnnotatorsAsync);
        projects.MapGet("/{id:long}/progress", GetProgressAsync);
        projects.MapPut("/{id:long}/annotators/{userId:long}", AssignAsync);
        projects.MapDelete("/{id:long}/annotators/{userId:long}", UnassignAsync);
        api.MapPost("/label-config/check", (LabelConfigRequest request) => TypedResults.Ok(LabelConfigValidator.Check(request.LabelConfig)))
            .WithTags("Projects");
        return api;
    }

    public static async Task<Ok<List<ProjectDto>>> ListAsync(ClaimsPrincipal principal, ProjectStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListVisibleAsync(CurrentUser.From(principal), cancellationToken)).Select(ProjectDto.From).ToList());

    public static async Task<Results<Created<ProjectDto>, ProblemHttpResult>> CreateAsync(
        ProjectInput input, ClaimsPrincipal principal, ProjectEditor editor, CancellationToken cancellationToken)
    {
        var change = await editor.CreateAsync(CurrentUser.From(principal), input, cancellationToken);
        if (!change.Succeeded)
        {
            return Problem(change);
        }
        return TypedResults.Created($"/api/v1/projects/{change.Project!.Id}", ProjectDto.From(change.Project));
    }

    public static async Task<Results<Ok<ProjectDto>, ProblemHttpResult>> GetAsync(
        long id, ClaimsPrincipal principal, ProjectStore store, ProjectAccess access, CancellationToken cancellationToken)
    {
        var project = await store.FindAsync(id, cancellationToken);
        if (project is null)
        {
            return ApiProblems.NotFound("project");
        }
        return await access.CanViewAsync(CurrentUser.From(principal), project, cancellationToken)
            ? TypedResults.Ok(ProjectDto.From(project))
            : ApiProblems.Forbidden("You are not assigned to this project.");
    }

    public static async Task<Results<Ok<ProjectDto>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        long id, ProjectInput input, ClaimsPrincipal principal, ProjectStore store, ProjectEditor editor, StrandedTasksCheck strandedTasks,
        CancellationToken cancellationToken)
    {
        var (project, problem) = await ManageableAsync(id, principal, store, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (input.Version is not { } version)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Version"] = ["Send the version you edited (from GET), so that a stale edit is refused."] });
        }
        if (!input.ConfirmStrandedTasks && await strandedTasks.WarningAsync(project!, input.LabelConfig, cancellationToken) is { } warning)
        {
            return ApiProblems.Conflict($"{warning} Send \"confirmStrandedTasks\": true with the same body to save it anyway.");
        }
        var change = await editor.UpdateAsync(CurrentUser.From(principal), project!, input, version, cancellationToken);
        return change.Succeeded ? TypedResults.Ok(ProjectDto.From(change.Project!)) : Problem(change);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        long id, int? version, ClaimsPrincipal principal, ProjectStore store, ProjectEditor editor, CancellationToken cancellationToken)
    {
        var (project, problem) = await ManageableAsync(id, principal, store, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var change = await editor.DeleteAsync(CurrentUser.From(principal), project!, version ?? project!.Version, cancellationToken);
        return change.Succeeded ? TypedResults.NoContent() : Problem(change);
    }

    public static async Task<Results<Ok<List<UserDto>>, ProblemHttpResult>> ListAnnotatorsAsync(
        long id, ClaimsPrincipal principal, ProjectStore store, ProjectAccess access, CancellationToken cancellationToken)
    {
        var project = await store.FindAsync(id, cancellationToken);
        if (project is null)
        {
            return ApiProblems.NotFound("project");
        }
        if (!await access.CanViewAsync(CurrentUser.From(principal), project, cancellationToken))
        {
            return ApiProblems.Forbidden("You are not assigned to this project.");
        }
        return TypedResults.Ok((await store.AnnotatorsAsync(id, cancellationToken)).Select(UserDto.From).ToList());
    }

    /// <summary>The project's labelling figures as last read from its LS; whoever may see the project may read them.</summary>
    public static async Task<Results<Ok<ProgressDto>, ProblemHttpResult>> GetProgressAsync(
        long id, ClaimsPrincipal principal, ProjectStore store, ProjectAccess access, Progress.ProgressStore progress, CancellationToken cancellationToken)
    {
        var project = await store.FindAsync(id, cancellationToken);
        if (project is null)
        {
            return ApiProblems.NotFound("project");
        }
        if (!await access.CanViewAsync(CurrentUser.From(principal), project, cancellationToken))
        {
            return ApiProblems.Forbidden("You are not assigned to this project.");
        }
        return TypedResults.Ok(ProgressDto.From(await progress.ForProjectAsync(id, cancellationToken)));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> AssignAsync(
        long id, long userId, ClaimsPrincipal principal, ProjectStore store, ProjectEditor editor, CancellationToken cancellationToken)
    {
        var (project, problem) = await ManageableAsync(id, principal, store, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var refusal = await editor.AssignAsync(CurrentUser.From(principal), project!, userId, cancellationToken);
        return refusal is null ? TypedResults.NoContent() : TypedResults.Problem(statusCode: 400, title: "Cannot assign", detail: refusal);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> UnassignAsync(
        long id, long userId, ClaimsPrincipal principal, ProjectStore store, ProjectEditor editor, CancellationToken cancellationToken)
    {
        var (project, problem) = await ManageableAsync(id, principal, store, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        return await editor.UnassignAsync(CurrentUser.From(principal), project!, userId, cancellationToken)
            ? TypedResults.NoContent()
            : ApiProblems.NotFound("assignment");
    }

    internal static async Task<(Project? Project, ProblemHttpResult? Problem)> ManageableAsync(
        long id, ClaimsPrincipal principal, ProjectStore store, CancellationToken cancellationToken)
    {
        var project = await store.FindAsync(id, cancellationToken);
        if (project is null)
        {
            return (null, ApiProblems.NotFound("project"));
        }
        return ProjectAccess.CanManage(CurrentUser.From(principal), project)
            ? (project, null)
            : (null, ApiProblems.Forbidden("Only this project's manager or an admin may change it."));
    }

    private static ProblemHttpResult Problem(ProjectChange change) => change.Outcome switch
    {
        SaveOutcome.Stale or SaveOutcome.NameTaken or SaveOutcome.SlugTaken => ApiProblems.Conflict(change.Errors.Values.First()[0]),
        SaveOutcome.NotFound => ApiProblems.NotFound("project"),
        _ => TypedResults.Problem(new Microsoft.AspNetCore.Http.HttpValidationProblemDetails(change.Errors) { Status = 400 }),
    };
}
