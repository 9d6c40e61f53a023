using Labelit.Web.Accounts;
using Labelit.Web.Datasets;
using Labelit.Web.Projects;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Labelit.Web.Pages.Projects;

/// <summary>A project's dataset for its manager: what storage holds, what became tasks, sync now, progress, cancel.</summary>
[Authorize]
public sealed class DatasetModel(ProjectStore projects, DatasetSyncs syncs) : PageModel
{
    public Project Project { get; private set; } = null!;
    public DatasetCounts Counts { get; private set; } = null!;
    public IReadOnlyList<DatasetSync> Syncs { get; private set; } = [];
    public IReadOnlyList<FlaggedObject> Flagged { get; private set; } = [];
    public DatasetSync? Active => Syncs.FirstOrDefault(s => s.IsActive);

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal)
            return refusal;
        Counts = await syncs.CountsAsync(id, cancellationToken);
        Syncs = await syncs.RecentAsync(id, 10, cancellationToken);
        Flagged = await syncs.FlaggedAsync(id, 100, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostSyncAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal)
            return refusal;
        if (Project.Dataset.Locations.Count == 0)
            Message = "Add storage locations (and their storage connection) on the edit page first.";
        else
            Message = (await syncs.RequestAsync(id, CurrentUser.From(User).Id, cancellationToken)).Status == "queued" ? "Sync queued." : "A sync is already running.";
        return Redirect($"/projects/{id}/dataset");
    }

    public async Task<IActionResult> OnPostCancelAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal)
            return refusal;
        Message = await syncs.CancelAsync(id, cancellationToken) ? "Cancelling: the sync stops after its current page." : "No sync was running.";
        return Redirect($"/projects/{id}/dataset");
    }

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var project = await projects.FindAsync(id, cancellationToken);
        if (project is null)
            return NotFound();
        if (!ProjectAccess.CanManage(CurrentUser.From(User), project))
            return Forbid();
        Project = project;
        return null;
    }
}
