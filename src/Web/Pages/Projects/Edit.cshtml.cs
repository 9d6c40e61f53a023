using Microsoft.AspNetCore.Authorization;
using Labelit.Web.Accounts;
using Labelit.Web.Projects;
using Microsoft.AspNetCore.Mvc;

namespace Labelit.Web.Pages.Projects;

[Authorize]
public sealed class EditModel(ProjectStore projects, ProjectEditor editor, StrandedTasksCheck strandedTasks) : ProjectFormPage
{
    public Project? Project { get; private set; }

    /// <summary>Ticked by the manager after reading <see cref="OrphaningWarning"/>.</summary>
    [BindProperty]
    public bool ConfirmOrphanedTasks { get; set; }

    /// <summary>Why the save waits for a confirmation: the new label config strands existing tasks.</summary>
    public string? OrphaningWarning { get; private set; }

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
        if (!ConfirmOrphanedTasks && await strandedTasks.WarningAsync(Project!, Form.LabelConfig, cancellationToken) is { } warning)
        {
            OrphaningWarning = warning;
            ShowPreview();
            return Page();
        }
        var change = await editor.UpdateAsync(CurrentUser.From(User), Project!, Form.ToInput(), Form.Version, cancellationToken);
        if (!change.Succeeded)
        {
            return ShowErrors(change.Errors);
        }
        this.Confirm("Project saved.");
        return Redirect($"/projects/{id}");
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
