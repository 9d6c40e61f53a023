using System.Security.Claims;
using Labelit.Export.Import;
using Labelit.Web.Accounts;
using Labelit.Web.Datasets;
using Labelit.Web.Projects;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Labelit.Web.Apis;

/// <summary>Import of existing labels into a project's tasks: a dry run, then a background import. For the project's manager and admins.</summary>
public static class LabelImportApi
{
    public static RouteGroupBuilder MapLabelImportApi(this RouteGroupBuilder api)
    {
        var labels = api.MapGroup("/projects/{id:long}/dataset/labels").WithTags("Dataset");
        labels.MapPost("/", ImportAsync)
            .DisableAntiforgery()
            .WithSummary("Checks a label file against the project's tasks (dryRun=true, the default: nothing is written) or queues its import")
            .WithDescription("The form field \"file\" holds LS JSON, COCO (JSON or zip), YOLO (zip with classes.txt), VOC (XML or zip) or CSV (file,label). " +
                $"Query: format=JSON|COCO|YOLO|VOC|CSV, mode=predictions|annotations, modelVersion, author. At most {LabelImports.SizeLimitText}.");
        labels.MapGet("/", ListAsync);
        labels.MapGet("/{importId:long}", GetAsync);
        return api;
    }

    public static async Task<Results<Ok<ImportSummary>, Accepted<LabelImportRun>, ProblemHttpResult>> ImportAsync(
        long id, string? format, string? mode, string? modelVersion, string? author, bool? dryRun,
        HttpRequest request, ClaimsPrincipal principal, ProjectStore store, LabelImports imports, CancellationToken cancellationToken)
    {
        var (project, problem) = await ProjectsApi.ManageableAsync(id, principal, store, cancellationToken);
        if (problem is not null)
            return problem;
        var asked = LabelImportRequest.From(format, mode, modelVersion, author, out var askProblem);
        if (asked is null)
            return TypedResults.Problem(statusCode: 400, title: "Bad request", detail: askProblem);
        var (upload, uploadProblem, status) = await LabelUpload.SaveAsync(request, imports, cancellationToken);
        if (upload is null)
            return TypedResults.Problem(statusCode: status, title: status == 413 ? "Too large" : "Bad request", detail: uploadProblem);
        var keep = false;
        try
        {
            var summary = await imports.DryRunAsync(project!, upload.Value, asked.Format, cancellationToken);
            if (dryRun ?? true)
                return TypedResults.Ok(summary);
            if (!summary.HasAnythingToImport)
                return TypedResults.Problem(statusCode: 400, title: "Nothing to import",
                    detail: $"No label of the file can be imported ({summary.ProblemTotal} problems; see them with dryRun=true). Nothing was written.");
            var run = await imports.QueueAsync(project!, CurrentUser.From(principal).Id, upload.Value, asked, summary, cancellationToken);
            if (run is null)
                return ApiProblems.Conflict("Another label import of this project is queued or running: wait for it to finish, then import again.");
            keep = true;
            return TypedResults.Accepted($"/api/v1/projects/{project!.Id}/dataset/labels/{run.Id}", run);
        }
        catch (LabelImportException e)
        {
            return TypedResults.Problem(statusCode: 400, title: "The file cannot be imported", detail: e.Message);
        }
        finally
        {
            if (!keep)
                imports.DropUpload(upload.Value);
        }
    }

    public static async Task<Results<Ok<IReadOnlyList<LabelImportRun>>, ProblemHttpResult>> ListAsync(
        long id, ClaimsPrincipal principal, ProjectStore store, LabelImports imports, CancellationToken cancellationToken)
    {
        var (project, problem) = await ProjectsApi.ManageableAsync(id, principal, store, cancellationToken);
        if (problem is not null)
            return problem;
        return TypedResults.Ok(await imports.RecentAsync(project!.Id, 20, cancellationToken));
    }

    public static async Task<Results<Ok<LabelImportRun>, ProblemHttpResult>> GetAsync(
        long id, long importId, ClaimsPrincipal principal, ProjectStore store, LabelImports imports, CancellationToken cancellationToken)
    {
        var (project, problem) = await ProjectsApi.ManageableAsync(id, principal, store, cancellationToken);
        if (problem is not null)
            return problem;
        return await imports.FindAsync(project!.Id, importId, cancellationToken) is { } run ? TypedResults.Ok(run) : ApiProblems.NotFound("label import");
    }
}
