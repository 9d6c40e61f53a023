using Microsoft.AspNetCore.Authorization;
using Labelit.Web.Accounts;
using Labelit.Web.Projects;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Labelit.Web.Pages.Projects;

/// <summary>
/// The annotator's "Tasks" and "Label" buttons. They lead into the project's Label Studio through
/// the proxy when it is running; otherwise this page says why it cannot open yet.
/// </summary>
[Authorize]
public sealed class OpenModel(ProjectStore projects, ProjectAccess access) : PageModel
{
    public Project Project { get; private set; } = null!;

    public string View { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string slug, string view, CancellationToken cancellationToken)
    {
        var project = await projects.FindBySlugAsync(slug, cancellationToken);
        if (project is null)
        {
            return NotFound();
        }
        if (!await access.CanViewAsync(CurrentUser.From(User), project, cancellationToken))
        {
            return Forbid();
        }
        Project = project;
        View = view;
        return Page();
    }
}
