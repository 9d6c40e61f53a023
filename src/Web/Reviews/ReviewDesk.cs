using Labelit.Data.Distribution;
using Labelit.Web.Accounts;
using Labelit.Web.Apis;
using Labelit.Web.Audit;
using Labelit.Web.Projects;

namespace Labelit.Web.Reviews;

/// <summary>Records a review decision after checking the request and the annotation as LS has it now; every decision is audited.</summary>
public sealed class ReviewDesk(ReviewStore reviews, LabelStudioAnnotations annotations, AuditLog audit)
{
    public const int MaxCommentLength = 2000;

    public async Task<(Review? Review, string? Refusal, int Status)> DecideAsync(Project project, CurrentUser reviewer, ReviewRequest request,
        CancellationToken cancellationToken)
    {
        var decision = request.Decision?.Trim().ToLowerInvariant() switch
        {
            "accepted" or "accept" => ReviewDecisions.Accepted,
            "rejected" or "reject" => ReviewDecisions.Rejected,
            _ => null,
        };
        var comment = request.Comment?.Trim() ?? "";
        if (request.AnnotationId is not { } annotationId || annotationId < 1)
            return (null, "annotationId is missing: name the Label Studio annotation to review.", 400);
        if (decision is null)
            return (null, $"decision must be \"accepted\" or \"rejected\", not \"{request.Decision}\".", 400);
        if (decision == ReviewDecisions.Rejected && comment.Length == 0)
            return (null, "A rejection needs a comment: tell the annotator what to change.", 400);
        if (comment.Length > MaxCommentLength)
            return (null, $"The comment is {comment.Length} characters long; at most {MaxCommentLength}.", 400);
        if (await reviews.AuthorOfAsync(project.Id, annotationId, cancellationToken) == reviewer.Id)
            return (null, "You cannot review your own annotation: another reviewer or the project's manager does.", 403);
        if (await reviews.FindAsync(project.Id, annotationId, cancellationToken) is { Decision: ReviewDecisions.Accepted } accepted)
            return (null, $"Annotation {annotationId} was accepted by {accepted.ReviewerName} on {accepted.DecidedAt:yyyy-MM-dd HH:mm} UTC: an accepted annotation is final.", 409);

        var (state, live) = await annotations.ReadAsync(project.Id, project.Slug, reviewer.Id, annotationId, cancellationToken);
        if (state == LiveAnnotationState.NotRunning)
            return (null, "Label Studio for this project is not running, so the annotation cannot be checked: open the project's tasks to start it, then review again.", 503);
        if (state == LiveAnnotationState.Deleted)
            return (null, $"Annotation {annotationId} no longer exists in Label Studio (it was deleted): nothing was recorded.", 404);

        if (!await reviews.DecideAsync(project.Id, annotationId, live!.TaskId, decision, comment, reviewer.Id, live.UpdatedAt, cancellationToken))
            return (null, $"Annotation {annotationId} was accepted meanwhile: an accepted annotation is final.", 409);
        var review = await reviews.FindAsync(project.Id, annotationId, cancellationToken);
        await audit.WriteAsync(reviewer.Id, decision == ReviewDecisions.Accepted ? "annotation accepted" : "annotation rejected", "project", project.Id,
            $"Annotation {annotationId} of task {live.TaskId} in \"{project.Name}\"" + (review?.AuthorName is { } author ? $" by {author}" : "")
            + $" {decision}" + (comment.Length > 0 ? $": {comment}" : ""));
        return (review, null, 200);
    }
}
