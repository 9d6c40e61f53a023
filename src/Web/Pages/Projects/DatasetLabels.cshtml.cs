using Labelit.Export.Import;
using Labelit.Web.Accounts;
using Labelit.Web.Datasets;
using Labelit.Web.Projects;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Labelit.Web.Pages.Projects;

/// <summary>Import of existing labels for a project's manager: upload, check (nothing written), import, progress.</summary>
[Authorize]
[RefuseLargeLabelUploads]
[RequestSizeLimit(LabelImports.MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = LabelImports.MaxUploadBytes)]
public sealed class DatasetLabelsModel(ProjectStore projects, LabelImports imports) : PageModel
{
    public Project Project { get; private set; } = null!;
    public IReadOnlyList<LabelImportRun> Imports { get; private set; } = [];
    public LabelImportRun? Active => Imports.FirstOrDefault(i => i.IsActive);

    /// <summary>The dry run's answer, shown with the Import button.</summary>
    public ImportSummary? Summary { get; private set; }

    [BindProperty] public string? Format { get; set; }
    [BindProperty] public string Mode { get; set; } = "predictions";
    [BindProperty] public string? ModelVersion { get; set; }
    [BindProperty] public string? Author { get; set; }
    [BindProperty] public Guid? Upload { get; set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, long? tooLarge, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal)
            return refusal;
        if (tooLarge is not null)
            Message = LabelUpload.TooLargeMessage(tooLarge);
        return Page();
    }

    /// <summary>The dry run: stores the upload, reads and matches it, and shows what an import would do.</summary>
    public async Task<IActionResult> OnPostCheckAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal)
            return refusal;
        var asked = LabelImportRequest.From(Format, Mode, ModelVersion, Author, out var problem);
        if (asked is null)
            return Show(problem!);
        var (upload, uploadProblem, _) = await LabelUpload.SaveAsync(Request, imports, cancellationToken);
        if (upload is null)
            return Show(uploadProblem!);
        try
        {
            Summary = await imports.DryRunAsync(Project, upload.Value, asked.Format, cancellationToken);
            Upload = upload;
            if (!Summary.HasAnythingToImport)
                imports.DropUpload(upload.Value);
            return Page();
        }
        catch (LabelImportException e)
        {
            imports.DropUpload(upload.Value);
            return Show($"Nothing was imported. {e.Message}");
        }
    }

    public async Task<IActionResult> OnPostImportAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal)
            return refusal;
        var asked = LabelImportRequest.From(Format, Mode, ModelVersion, Author, out var problem);
        if (asked is null || Upload is not { } upload)
            return Show(problem ?? "Check a file first: the import uses the file you checked.");
        try
        {
            // Checked again: the dataset may have changed since the dry run was shown.
            var summary = await imports.DryRunAsync(Project, upload, asked.Format, cancellationToken);
            var run = await imports.QueueAsync(Project, CurrentUser.From(User).Id, upload, asked, summary, cancellationToken);
            Message = run is null
                ? "Another label import of this project is queued or running: wait for it to finish, then check the file again."
                : $"Import queued: {summary.LabelsToImport} labels into {summary.TasksToLabel} tasks.";
        }
        catch (LabelImportException e)
        {
            Message = $"Nothing was imported. {e.Message}";
        }

        return Redirect($"/projects/{id}/dataset/labels");
    }

    private PageResult Show(string message)
    {
        Message = message;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var project = await projects.FindAsync(id, cancellationToken);
        if (project is null)
            return NotFound();
        if (!ProjectAccess.CanManage(CurrentUser.From(User), project))
            return Forbid();
        Project = project;
        Imports = await imports.RecentAsync(id, 10, cancellationToken);
        return null;
    }
}
