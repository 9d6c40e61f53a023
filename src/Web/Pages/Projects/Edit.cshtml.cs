using Microsoft.AspNetCore.Authorization;
using Labelit.Web.Accounts;
using Labelit.Web.Projects;
using Microsoft.AspNetCore.Mvc;

namespace Labelit.Web.Pages.Projects;

[Authorize]
public sealed class EditModel(ProjectStore projects, ProjectEditor editor) : ProjectFormPage
{
    public Project? Project { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal)
        {
            return refusal;
        }
        Form = ProjectForm.From(Project!);
        ShowPreview();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal)
        {
            return refusal;
        }
        var change = await editor.UpdateAsync(CurrentUser.From(User), Project!, Form.ToInput(), Form.Version, cancellationToken);
        return change.Succeeded ? Redirect($"/projects/{id}") : ShowErrors(change.Errors);
    }

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken cancellationToken)
    {
        Project = await projects.FindAsync(id, cancellationToken);
        if (Project is null)
        {
            return NotFound();
        }
        return ProjectAccess.CanManage(CurrentUser.From(User), Project) ? null : Forbid();
    }
}
