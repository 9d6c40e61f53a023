using Labelit.Data.Datasets;
using Labelit.Data.Instances;
using Labelit.Web.Accounts;
using Labelit.Web.Datasets;
using Labelit.Web.Projects;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Labelit.Web.Pages.Projects;

/// <summary>A project's dataset for its manager: what storage holds, what became tasks, sync now, progress, cancel.</summary>
[Authorize]
[RequestSizeLimit(MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUploadBytes)]
public sealed class DatasetModel(ProjectStore projects, DatasetSyncs syncs, UploadedFiles uploads, InstanceStore instances) : PageModel
{
    /// <summary>The most one upload may carry; larger ones are refused before anything is stored.</summary>
    public const long MaxUploadBytes = 1L << 30;

    public Project Project { get; private set; } = null!;
    public DatasetCounts Counts { get; private set; } = null!;
    public IReadOnlyList<DatasetSync> Syncs { get; private set; } = [];
    public IReadOnlyList<FlaggedObject> Flagged { get; private set; } = [];
    public DatasetSync? Active => Syncs.FirstOrDefault(s => s.IsActive);

    /// <summary>Why the running sync makes no progress, when it waits for Label Studio; else null.</summary>
    public string? Waiting { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal)
            return refusal;
        Counts = await syncs.CountsAsync(id, cancellationToken);
        Syncs = await syncs.RecentAsync(id, 10, cancellationToken);
        Flagged = await syncs.FlaggedAsync(id, 100, cancellationToken);
        // A running sync waits for the project's LS before it creates tasks: say so rather than show a bar that does not move.
        if (Active is { Status: "running" })
        {
            Waiting = InstanceStateWords.WaitingFor(await instances.GetRouteAsync(id, cancellationToken));
        }
        return Page();
    }

    public async Task<IActionResult> OnPostSyncAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal)
            return refusal;
        if (Project.Dataset.Locations.Count == 0 && !uploads.HasFiles(id))
            Message = "Upload files, or add storage locations (and their storage connection) on the edit page, first.";
        else
            Message = (await syncs.RequestAsync(id, CurrentUser.From(User).Id, cancellationToken)).Status == "queued" ? "Sync queued." : "A sync is already running.";
        return Redirect($"/projects/{id}/dataset");
    }

    /// <summary>Stores the files (all names are checked first, so a bad one stores nothing) and starts a sync.</summary>
    public async Task<IActionResult> OnPostUploadAsync(long id, List<IFormFile> files, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal)
            return refusal;
        var problems = files.Select(f => UploadedFiles.NameProblem(f.FileName)).OfType<string>().ToList();
        if (files.Count == 0)
            problems.Add("Choose one or more files to upload.");
        if (problems.Count > 0)
        {
            Message = "Nothing was uploaded. " + string.Join(" ", problems);
            return Redirect($"/projects/{id}/dataset");
        }
        foreach (var file in files)
        {
            await using var content = file.OpenReadStream();
            await uploads.SaveAsync(id, file.FileName, content, cancellationToken);
        }
        await syncs.RecordUploadAsync(id, CurrentUser.From(User).Id, files.Select(f => f.FileName).ToList());
        await syncs.RequestAsync(id, CurrentUser.From(User).Id, cancellationToken);
        Message = $"Uploaded {files.Count} file{(files.Count == 1 ? "" : "s")}; a sync makes their tasks.";
        return Redirect($"/projects/{id}/dataset");
    }

    public async Task<IActionResult> OnPostCancelAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal)
            return refusal;
        Message = await syncs.CancelAsync(id, CurrentUser.From(User).Id, cancellationToken) ? "Cancelling: the sync stops after its current page." : "No sync was running.";
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
