using Microsoft.AspNetCore.Authorization;
using Labelit.Web.Accounts;
using Labelit.Web.Projects;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Labelit.Web.Pages.Projects;

[Authorize]
public sealed class DeleteModel(ProjectStore projects, ProjectEditor editor) : PageModel
{
    public Project Project { get; private set; } = null!;

    [BindProperty]
    public int Version { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var refusal = await LoadAsync(id, cancellationToken);
        Version = refusal is null ? Project.Version : 0;
        return refusal ?? Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal)
        {
            return refusal;
        }
        var change = await editor.DeleteAsync(CurrentUser.From(User), Project, Version, cancellationToken);
        if (!change.Succeeded)
        {
            ModelState.AddModelError("", change.Errors.Values.First()[0]);
            return Page();
        }
        this.Confirm($"Project \"{Project.Name}\" deleted: its annotators no longer see it. Its Label Studio data is kept until an admin purges it.");
        return Redirect("/projects");
    }

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var project = await projects.FindAsync(id, cancellationToken);
        if (project is null)
        {
            return NotFound();
        }
        Project = project;
        return ProjectAccess.CanManage(CurrentUser.From(User), project) ? null : Forbid();
    }
}
