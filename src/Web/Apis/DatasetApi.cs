using System.Security.Claims;
using Labelit.Data.Datasets;
using Labelit.Web.Accounts;
using Labelit.Web.Datasets;
using Labelit.Web.Projects;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Labelit.Web.Apis;

/// <summary>A project's dataset: object counts, sync runs, "sync now" and cancel. For the project's manager and admins.</summary>
public static class DatasetApi
{
    public sealed record DatasetDto(DatasetCounts Objects, DatasetSync? LatestSync);

    public static RouteGroupBuilder MapDatasetApi(this RouteGroupBuilder api)
    {
        var dataset = api.MapGroup("/projects/{id:long}/dataset").WithTags("Dataset");
        dataset.MapGet("/", GetAsync);
        dataset.MapGet("/syncs", ListSyncsAsync);
        dataset.MapPost("/syncs", StartSyncAsync);
        dataset.MapPost("/syncs/cancel", CancelSyncAsync);
        return api;
    }

    public static async Task<Results<Ok<DatasetDto>, ProblemHttpResult>> GetAsync(
        long id, ClaimsPrincipal principal, ProjectStore store, DatasetSyncs syncs, CancellationToken cancellationToken)
    {
        var (project, problem) = await ProjectsApi.ManageableAsync(id, principal, store, cancellationToken);
        if (problem is not null)
            return problem;
        return TypedResults.Ok(new DatasetDto(await syncs.CountsAsync(project!.Id, cancellationToken), await syncs.LatestAsync(project.Id, cancellationToken)));
    }

    public static async Task<Results<Ok<IReadOnlyList<DatasetSync>>, ProblemHttpResult>> ListSyncsAsync(
        long id, ClaimsPrincipal principal, ProjectStore store, DatasetSyncs syncs, CancellationToken cancellationToken)
    {
        var (project, problem) = await ProjectsApi.ManageableAsync(id, principal, store, cancellationToken);
        if (problem is not null)
            return problem;
        return TypedResults.Ok(await syncs.RecentAsync(project!.Id, 20, cancellationToken));
    }

    /// <summary>Queues a sync (202), or answers the one already queued or running.</summary>
    public static async Task<Results<Accepted<DatasetSync>, ProblemHttpResult>> StartSyncAsync(
        long id, ClaimsPrincipal principal, ProjectStore store, DatasetSyncs syncs, UploadedFiles uploads, CancellationToken cancellationToken)
    {
        var (project, problem) = await ProjectsApi.ManageableAsync(id, principal, store, cancellationToken);
        if (problem is not null)
            return problem;
        if (project!.Dataset.Locations.Count == 0 && !uploads.HasFiles(project.Id))
            return ApiProblems.Conflict("The project has no storage locations and no uploaded files: add some before syncing.");
        var sync = await syncs.RequestAsync(project.Id, CurrentUser.From(principal).Id, cancellationToken);
        return TypedResults.Accepted($"/api/v1/projects/{project.Id}/dataset/syncs", sync);
    }

    public static async Task<Results<Accepted, ProblemHttpResult>> CancelSyncAsync(
        long id, ClaimsPrincipal principal, ProjectStore store, DatasetSyncs syncs, CancellationToken cancellationToken)
    {
        var (project, problem) = await ProjectsApi.ManageableAsync(id, principal, store, cancellationToken);
        if (problem is not null)
            return problem;
        return await syncs.CancelAsync(project!.Id, CurrentUser.From(principal).Id, cancellationToken)
            ? TypedResults.Accepted($"/api/v1/projects/{project.Id}/dataset/syncs")
            : ApiProblems.Conflict("No sync is queued or running.");
    }
}
