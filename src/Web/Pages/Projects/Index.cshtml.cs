using Microsoft.AspNetCore.Authorization;
using Labelit.Web.Accounts;
using Labelit.Web.Progress;
using Labelit.Web.Projects;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Labelit.Web.Pages.Projects;

[Authorize]
public sealed class IndexModel(ProjectStore projects, ProgressStore progress) : PageModel
{
    public IReadOnlyDictionary<long, ProjectProgress> Progress { get; private set; } = new Dictionary<long, ProjectProgress>();

    public IReadOnlyList<Project> Projects { get; private set; } = [];

    public bool CanCreate { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var user = CurrentUser.From(User);
        CanCreate = ProjectAccess.CanCreate(user);
        Projects = await projects.ListVisibleAsync(user, cancellationToken);
        Progress = await progress.ForProjectsAsync(Projects.Select(p => p.Id), cancellationToken);
    }
}
