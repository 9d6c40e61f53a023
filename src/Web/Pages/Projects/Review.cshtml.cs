using Labelit.Data.Distribution;
using Labelit.Data.Instances;
using Labelit.Web.Accounts;
using Labelit.Web.Apis;
using Labelit.Web.Projects;
using Labelit.Web.Reviews;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Labelit.Web.Pages.Projects;

/// <summary>
/// "Distribution and review": the project's manager sets how tasks are split and names reviewers among
/// its annotators; the manager, admins and named reviewers accept or reject submitted annotations (the
/// same services as the API).
/// </summary>
[Authorize]
public sealed class ReviewModel(ProjectStore projects, ReviewerGate gate, ReviewStore reviews, ReviewDesk desk,
    DistributionChanges distribution, ReviewerNaming naming, InstanceStore instances) : PageModel
{
    public Project Project { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public DistributionDto? Distribution { get; private set; }

    /// <summary>The project's annotators, among whom its manager names reviewers (managers and admins only).</summary>
    public IReadOnlyList<User> Annotators { get; private set; } = [];
    public IReadOnlySet<long> Reviewers { get; private set; } = new HashSet<long>();
    public IReadOnlyList<ReviewItem> Queue { get; private set; } = [];
    public IReadOnlyList<Review> Decisions { get; private set; } = [];
    public int? LsProjectId { get; private set; }

    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostDistributionAsync(long id, string? mode, int? overlap, bool exportAcceptedOnly, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal)
            return refusal;
        if (!CanManage)
            return Forbid();
        var (changed, problem) = await distribution.ChangeAsync(Project, CurrentUser.From(User), new DistributionRequest(mode, overlap, exportAcceptedOnly), cancellationToken);
        if (changed is null)
        {
            Refusal = problem;
            return Page();
        }
        this.Confirm(changed.Mode == DistributionModes.Split
            ? $"Saved: each task goes to {changed.Overlap} annotator(s); unstarted tasks were spread again."
            : "Saved: every annotator labels every task.");
        return Redirect($"/projects/{id}/review");
    }

    public async Task<IActionResult> OnPostReviewersAsync(long id, long[]? userIds, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal)
            return refusal;
        if (!CanManage)
            return Forbid();
        var (named, problem) = await naming.NameAsync(Project, CurrentUser.From(User), userIds ?? [], cancellationToken);
        if (named is null)
        {
            Refusal = problem;
            return Page();
        }
        this.Confirm(named.Count == 0
            ? "Saved: no annotator reviews this project; its manager and the admins do."
            : $"Saved: {string.Join(", ", named)} {(named.Count == 1 ? "reviews" : "review")} this project's annotations, besides its manager and the admins.");
        return Redirect($"/projects/{id}/review");
    }

    public async Task<IActionResult> OnPostDecideAsync(long id, int annotationId, string? decision, string? comment, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal)
            return refusal;
        var (review, problem, _) = await desk.DecideAsync(Project, CurrentUser.From(User), new ReviewRequest(annotationId, decision, comment), cancellationToken);
        if (review is null)
        {
            Refusal = problem;
            return Page();
        }
        this.Confirm(review.Decision == ReviewDecisions.Accepted
            ? $"Annotation {annotationId} accepted: it is final."
            : $"Annotation {annotationId} rejected: it goes back to {review.AuthorName ?? "its author"} with your comment.");
        return Redirect($"/projects/{id}/review");
    }

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var project = await projects.FindAsync(id, cancellationToken);
        if (project is null)
            return NotFound();
        var user = CurrentUser.From(User);
        if (!await gate.CanReviewAsync(user, project, cancellationToken))
            return Forbid();
        Project = project;
        CanManage = ProjectAccess.CanManage(user, project);
        Distribution = CanManage ? await distribution.CurrentAsync(project.Id, cancellationToken) : null;
        Annotators = CanManage ? await projects.AnnotatorsAsync(project.Id, cancellationToken) : [];
        Reviewers = CanManage ? (await reviews.ReviewersAsync(project.Id, cancellationToken)).ToHashSet() : new HashSet<long>();
        Queue = await reviews.QueueAsync(project.Id, user.Id, 100, cancellationToken);
        Decisions = await reviews.DecisionsAsync(project.Id, 20, cancellationToken);
        LsProjectId = (await instances.GetRouteAsync(project.Id, cancellationToken))?.LsProjectId;
        return null;
    }

    /// <summary>The task in LS, through Labelit's proxy, where the reviewer sees the annotation.</summary>
    public string? TaskLink(int taskId) => LsProjectId is { } ls ? $"/projects/{Project.Slug}/ls/projects/{ls}/data?task={taskId}" : null;
}
