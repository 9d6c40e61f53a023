using System.Security.Claims;
using Labelit.Data.Distribution;
using Labelit.Web.Accounts;
using Labelit.Web.Projects;
using Labelit.Web.Reviews;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Labelit.Web.Apis;

public sealed record DistributionRequest(string? Mode, int? Overlap, bool? ExportAcceptedOnly);

public sealed record DistributionDto(string Mode, int Overlap, bool ExportAcceptedOnly, IReadOnlyList<AnnotatorShare> Shares, string? Shortfall);

/// <summary>How a project's tasks are split among its annotators. For the project's manager and admins.</summary>
public static class DistributionApi
{
    public static RouteGroupBuilder MapDistributionApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/projects/{id:long}/distribution").WithTags("Distribution and review");
        group.MapGet("/", GetAsync).WithSummary("The distribution mode, the overlap and each annotator's share of tasks");
        group.MapPut("/", UpdateAsync)
            .WithSummary("Sets the distribution: mode \"everyone\" (every annotator labels every task) or \"split\" (each task goes to overlap annotators)")
            .WithDescription("The split is rebalanced at once: started tasks stay with their annotator, unstarted ones are spread evenly.");
        return api;
    }

    public static async Task<Results<Ok<DistributionDto>, ProblemHttpResult>> GetAsync(
        long id, ClaimsPrincipal principal, ProjectStore projects, DistributionChanges distribution, CancellationToken cancellationToken)
    {
        var (project, problem) = await ProjectsApi.ManageableAsync(id, principal, projects, cancellationToken);
        return problem ?? (Results<Ok<DistributionDto>, ProblemHttpResult>)TypedResults.Ok(await distribution.CurrentAsync(project!.Id, cancellationToken));
    }

    public static async Task<Results<Ok<DistributionDto>, ProblemHttpResult>> UpdateAsync(
        long id, DistributionRequest request, ClaimsPrincipal principal, ProjectStore projects, DistributionChanges distribution,
        CancellationToken cancellationToken)
    {
        var (project, problem) = await ProjectsApi.ManageableAsync(id, principal, projects, cancellationToken);
        if (problem is not null)
            return problem;
        var (changed, refusal) = await distribution.ChangeAsync(project!, CurrentUser.From(principal), request, cancellationToken);
        return changed is not null
            ? TypedResults.Ok(changed)
            : TypedResults.Problem(statusCode: 400, title: "Cannot change the distribution", detail: refusal);
    }
}
