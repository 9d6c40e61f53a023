using Labelit.Data.Instances;
using Microsoft.AspNetCore.Authorization;
using Labelit.Web.Accounts;
using Labelit.Web.Datasets;
using Labelit.Web.Progress;
using Labelit.Web.Projects;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Labelit.Web.Pages.Projects;

[Authorize]
public sealed class DetailsModel(
    ProjectStore projects, ProjectAccess access, ProjectEditor editor, UserStore users, InstanceStore instances,
    ProgressStore progress, AgreementStore agreement, IOptions<ProgressOptions> progressOptions, TimeProvider clock, DatasetSyncs syncs, Reviews.ReviewerGate reviewerGate) : PageModel
{
    /// <summary>How often the export history and sync line refresh in place: a run moves in seconds.</summary>
    public const int ActivityRefreshSeconds = 3;

    public ProgressView Progress { get; private set; } = null!;
    public int RefreshSeconds => progressOptions.Value.RefreshSeconds;

    public InstanceRoute? Instance { get; private set; }

    public Project Project { get; private set; } = null!;
    public LabelConfigCheck Config { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public IReadOnlyList<User> Annotators { get; private set; } = [];
    public IReadOnlyList<User> Assignable { get; private set; } = [];
    public DatasetSync? LatestSync { get; private set; }

    /// <summary>The manager, admins and named reviewers: they get the review page.</summary>
    public bool CanReview { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal)
        {
            return refusal;
        }
        await LoadProgressAsync(cancellationToken);
        return Page();
    }

    /// <summary>The progress section alone, for the page's refresh every few seconds.</summary>
    public async Task<IActionResult> OnGetProgressAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal)
        {
            return refusal;
        }
        await LoadProgressAsync(cancellationToken);
        return Partial("_Progress", Progress);
    }

    /// <summary>The export history alone, for the page's refresh while runs move.</summary>
    public async Task<IActionResult> OnGetExportsAsync(long id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ?? Partial("_ExportHistory", Project);

    /// <summary>The latest dataset sync in a sentence, for the managers' refresh.</summary>
    public async Task<IActionResult> OnGetSyncAsync(long id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken, mustManage: true) ?? Partial("_SyncStatus", LatestSync);

    // Other people's work is shown to those who manage the project; an annotator sees the project's figures.
    private async Task LoadProgressAsync(CancellationToken cancellationToken) =>
        Progress = await ProgressView.LoadAsync(progress, agreement, Project.Id, CanManage, Instance?.IsRunning == true,
            progressOptions.Value.ChartDays, clock.GetUtcNow(), cancellationToken);

    public async Task<IActionResult> OnPostAssignAsync(long id, long userId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken, mustManage: true) is { } refusal)
        {
            return refusal;
        }
        Message = await editor.AssignAsync(CurrentUser.From(User), Project, userId, cancellationToken) ?? "Annotator assigned.";
        return Redirect($"/projects/{id}");
    }

    public async Task<IActionResult> OnPostUnassignAsync(long id, long userId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken, mustManage: true) is { } refusal)
        {
            return refusal;
        }
        Message = await editor.UnassignAsync(CurrentUser.From(User), Project, userId, cancellationToken) ? "Annotator unassigned." : "That annotator was not assigned.";
        return Redirect($"/projects/{id}");
    }

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken cancellationToken, bool mustManage = false)
    {
        var project = await projects.FindAsync(id, cancellationToken);
        if (project is null)
        {
            return NotFound();
        }
        var user = CurrentUser.From(User);
        CanManage = ProjectAccess.CanManage(user, project);
        if (mustManage ? !CanManage : !await access.CanViewAsync(user, project, cancellationToken))
        {
            return Forbid();
        }
        Project = project;
        Config = LabelConfigValidator.Check(project.LabelConfig);
        Instance = await instances.GetRouteAsync(project.Id, cancellationToken);
        CanReview = await reviewerGate.CanReviewAsync(user, project, cancellationToken);
        if (CanManage)
        {
            LatestSync = await syncs.LatestAsync(id, cancellationToken);
            Annotators = await projects.AnnotatorsAsync(id, cancellationToken);
            var assigned = Annotators.Select(a => a.Id).ToHashSet();
            Assignable = (await users.ListAsync(cancellationToken))
                .Where(u => u.Role == Roles.Annotator && u.IsActive && !assigned.Contains(u.Id)).ToList();
        }
        return null;
    }
}
