using System.Security.Claims;
using Labelit.Data.Distribution;
using Labelit.Web.Accounts;
using Labelit.Web.Projects;
using Labelit.Web.Reviews;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Labelit.Web.Apis;

public sealed record ReviewersRequest(IReadOnlyList<long>? UserIds);

public sealed record ReviewRequest(int? AnnotationId, string? Decision, string? Comment);

/// <summary>
/// The review queue: the project's manager, admins and the annotators the manager names as
/// reviewers accept or reject submitted annotations; a rejection goes back to its author with the comment.
/// </summary>
public static class ReviewsApi
{
    public static RouteGroupBuilder MapReviewsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/projects/{id:long}").WithTags("Distribution and review");
        group.MapGet("/reviewers", GetReviewersAsync).WithSummary("The annotators named as reviewers (besides the manager and admins)");
        group.MapPut("/reviewers", SetReviewersAsync).WithSummary("Names the reviewers: annotators assigned to the project");
        group.MapGet("/reviews/queue", QueueAsync).WithSummary("Submitted annotations waiting for a review (never the reviewer's own), oldest first");
        group.MapGet("/reviews", DecisionsAsync).WithSummary("The latest review decisions");
        group.MapPost("/reviews", DecideAsync)
            .WithSummary("Accepts or rejects an annotation: decision \"accepted\" or \"rejected\" (a rejection needs a comment)")
            .WithDescription("An accepted annotation is final. A rejected one goes back to its author with the comment, and comes back to the queue once they change it.");
        group.MapGet("/reviews/returned", ReturnedAsync).WithSummary("The caller's annotations rejected and not yet changed, with the reviewers' comments");
        return api;
    }

    public static async Task<Results<Ok<IReadOnlyList<long>>, ProblemHttpResult>> GetReviewersAsync(
        long id, ClaimsPrincipal principal, ProjectStore projects, ReviewStore reviews, CancellationToken cancellationToken)
    {
        var (project, problem) = await ProjectsApi.ManageableAsync(id, principal, projects, cancellationToken);
        return problem ?? (Results<Ok<IReadOnlyList<long>>, ProblemHttpResult>)TypedResults.Ok(await reviews.ReviewersAsync(project!.Id, cancellationToken));
    }

    public static async Task<Results<Ok<IReadOnlyList<long>>, ProblemHttpResult>> SetReviewersAsync(
        long id, ReviewersRequest request, ClaimsPrincipal principal, ProjectStore projects, ReviewerNaming naming, ReviewStore reviews,
        CancellationToken cancellationToken)
    {
        var (project, problem) = await ProjectsApi.ManageableAsync(id, principal, projects, cancellationToken);
        if (problem is not null)
            return problem;
        if (request.UserIds is null)
            return TypedResults.Problem(statusCode: 400, title: "Cannot name reviewers", detail: "userIds is missing: send the list of annotators to name (an empty list names none).");
        var (_, refusal) = await naming.NameAsync(project!, CurrentUser.From(principal), request.UserIds, cancellationToken);
        if (refusal is not null)
            return TypedResults.Problem(statusCode: 400, title: "Cannot name reviewers", detail: $"{refusal} Nothing was changed.");
        return TypedResults.Ok(await reviews.ReviewersAsync(project!.Id, cancellationToken));
    }

    public static async Task<Results<Ok<IReadOnlyList<ReviewItem>>, ProblemHttpResult>> QueueAsync(
        long id, int? limit, ClaimsPrincipal principal, ReviewerGate gate, ReviewStore reviews, CancellationToken cancellationToken)
    {
        var (project, problem) = await gate.ReviewableAsync(id, principal, cancellationToken);
        if (problem is not null)
            return problem;
        return TypedResults.Ok(await reviews.QueueAsync(project!.Id, CurrentUser.From(principal).Id, Math.Clamp(limit ?? 100, 1, 1000), cancellationToken));
    }

    public static async Task<Results<Ok<IReadOnlyList<Review>>, ProblemHttpResult>> DecisionsAsync(
        long id, int? limit, ClaimsPrincipal principal, ReviewerGate gate, ReviewStore reviews, CancellationToken cancellationToken)
    {
        var (project, problem) = await gate.ReviewableAsync(id, principal, cancellationToken);
        if (problem is not null)
            return problem;
        return TypedResults.Ok(await reviews.DecisionsAsync(project!.Id, Math.Clamp(limit ?? 100, 1, 1000), cancellationToken));
    }

    public static async Task<Results<Ok<Review>, ProblemHttpResult>> DecideAsync(
        long id, ReviewRequest request, ClaimsPrincipal principal, ReviewerGate gate, ReviewDesk desk, CancellationToken cancellationToken)
    {
        var (project, problem) = await gate.ReviewableAsync(id, principal, cancellationToken);
        if (problem is not null)
            return problem;
        var (review, refusal, status) = await desk.DecideAsync(project!, CurrentUser.From(principal), request, cancellationToken);
        return review is not null ? TypedResults.Ok(review) : TypedResults.Problem(statusCode: status, title: "Cannot record the review", detail: refusal);
    }

    public static async Task<Results<Ok<IReadOnlyList<Review>>, ProblemHttpResult>> ReturnedAsync(
        long id, ClaimsPrincipal principal, ProjectStore projects, ProjectAccess access, ReviewStore reviews, CancellationToken cancellationToken)
    {
        var project = await projects.FindAsync(id, cancellationToken);
        if (project is null)
            return ApiProblems.NotFound("project");
        var user = CurrentUser.From(principal);
        if (!await access.CanViewAsync(user, project, cancellationToken))
            return ApiProblems.Forbidden("You are not assigned to this project.");
        return TypedResults.Ok(await reviews.ReturnedToAsync(project.Id, user.Id, cancellationToken));
    }
}
