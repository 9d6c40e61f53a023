using Microsoft.AspNetCore.Authorization;
using Labelit.Web.Accounts;
using Labelit.Web.Progress;
using Labelit.Web.Projects;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Labelit.Web.Pages;

[Authorize]
public sealed class IndexModel(ProjectStore projects, ProgressStore progress) : PageModel
{
    /// <summary>An annotator's own figures per project (empty for managers and admins).</summary>
    public IReadOnlyDictionary<long, OwnProgress> Progress { get; private set; } = new Dictionary<long, OwnProgress>();

    public IReadOnlyList<Project> Projects { get; private set; } = [];
    public CurrentUser Viewer { get; private set; } = null!;

    /// <summary>An annotator's assigned projects that are paused, completed or archived: shown with their status, not hidden.</summary>
    public IReadOnlyList<Project> OnHold { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Viewer = CurrentUser.From(User);
        Projects = await projects.ListVisibleAsync(Viewer, cancellationToken);
        if (Viewer.IsAnnotator)
        {
            OnHold = (await projects.ListAssignedAsync(Viewer.Id, cancellationToken)).Where(p => p.Status != ProjectStatus.Active).ToList();
            Progress = await progress.OwnAsync(Viewer.Id, Projects.Select(p => p.Id), cancellationToken);
        }
    }
}
