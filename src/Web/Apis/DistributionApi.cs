using System.Security.Claims;
using Labelit.Data.Distribution;
using Labelit.Web.Accounts;
using Labelit.Web.Audit;
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
        long id, ClaimsPrincipal principal, ProjectStore projects, DistributionStore store, CancellationToken cancellationToken)
    {
        var (project, problem) = await ProjectsApi.ManageableAsync(id, principal, projects, cancellationToken);
        if (problem is not null)
            return problem;
        var settings = await store.GetSettingsAsync(project!.Id, cancellationToken);
        var annotators = (await store.AnnotatorsAsync(project.Id, cancellationToken)).Count;
        return TypedResults.Ok(await DtoAsync(store, project.Id, settings, Shortfall(settings, annotators), cancellationToken));
    }

    public static async Task<Results<Ok<DistributionDto>, ProblemHttpResult>> UpdateAsync(
        long id, DistributionRequest request, ClaimsPrincipal principal, ProjectStore projects, DistributionStore store, AuditLog audit,
        CancellationToken cancellationToken)
    {
        var (project, problem) = await ProjectsApi.ManageableAsync(id, principal, projects, cancellationToken);
        if (problem is not null)
            return problem;
        var current = await store.GetSettingsAsync(project!.Id, cancellationToken);
        var annotators = (await store.AnnotatorsAsync(project.Id, cancellationToken)).Count;
        var (settings, refusal) = DistributionInput.Check(request, current, annotators);
        if (refusal is not null)
            return TypedResults.Problem(statusCode: 400, title: "Cannot change the distribution", detail: refusal);
        var actor = CurrentUser.From(principal);
        await store.SaveSettingsAsync(project.Id, settings!, actor.Id, cancellationToken);
        var outcome = await store.RebalanceAsync(project.Id, cancellationToken);
        await audit.WriteAsync(actor.Id, "distribution changed", "project", project.Id,
            $"Distribution of \"{project.Name}\": {DistributionInput.Describe(current)} -> {DistributionInput.Describe(settings!)} " +
            $"({outcome.Added} task assignments added, {outcome.Removed} removed)");
        return TypedResults.Ok(await DtoAsync(store, project.Id, settings!, outcome.Shortfall, cancellationToken));
    }

    private static async Task<DistributionDto> DtoAsync(DistributionStore store, long projectId, DistributionSettings settings, string? shortfall,
        CancellationToken cancellationToken) =>
        new(settings.Mode, settings.Overlap, settings.ExportAcceptedOnly,
            settings.IsSplit ? await store.SharesAsync(projectId, cancellationToken) : [], settings.IsSplit ? shortfall : null);

    private static string? Shortfall(DistributionSettings settings, int annotators) =>
        !settings.IsSplit ? null
        : annotators == 0 ? "No annotator is assigned: the tasks wait until one is."
        : annotators < settings.Overlap ? $"Each task should go to {settings.Overlap} annotators, but only {annotators} are assigned." : null;
}
