using Labelit.Web.Accounts;
using Labelit.Web.Exports;
using Labelit.Web.Projects;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Labelit.Web.Pages.Projects;

/// <summary>"Export now" on the project page: the project's managers and admins queue a run (POST with antiforgery).</summary>
[Authorize]
public sealed class ExportNowModel(ProjectStore projects, ExportHistory history) : PageModel
{
    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken) =>
        await RefusalAsync(id, cancellationToken) ?? Redirect($"/projects/{id}");

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(id, cancellationToken) is { } refusal)
            return refusal;
        Message = await history.RequestAsync(id, CurrentUser.From(User).Id, cancellationToken)
            ? "Export queued: it starts in a moment and appears below."
            : "An export of this project is already queued or running.";
        return Redirect($"/projects/{id}");
    }

    private async Task<IActionResult?> RefusalAsync(long id, CancellationToken cancellationToken)
    {
        var project = await projects.FindAsync(id, cancellationToken);
        if (project is null)
            return NotFound();
        return ProjectAccess.CanManage(CurrentUser.From(User), project) ? null : Forbid();
    }
}
