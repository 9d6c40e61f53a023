using Microsoft.AspNetCore.Authorization;
using Labelit.Web.Accounts;
using Labelit.Web.Projects;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Labelit.Web.Pages;

[Authorize]
public sealed class IndexModel(ProjectStore projects) : PageModel
{
    public IReadOnlyList<Project> Projects { get; private set; } = [];
    public CurrentUser Viewer { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Viewer = CurrentUser.From(User);
        Projects = await projects.ListVisibleAsync(Viewer, cancellationToken);
    }
}
