using Labelit.Web.Accounts;
using Labelit.Web.Exports;
using Labelit.Web.Projects;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.StaticFiles;

namespace Labelit.Web.Pages.Projects;

/// <summary>
/// Downloads one file of a local export: for whoever may view the project, and only a file the run
/// recorded, inside the export folder (<see cref="ExportFolder.Resolve"/>).
/// </summary>
[Authorize]
public sealed class ExportDownloadModel(ProjectStore projects, ProjectAccess access, ExportHistory history, ExportFolder folder) : PageModel
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public async Task<IActionResult> OnGetAsync(long id, long runId, string file, CancellationToken cancellationToken)
    {
        var project = await projects.FindAsync(id, cancellationToken);
        if (project is null)
            return NotFound();
        if (!await access.CanViewAsync(CurrentUser.From(User), project, cancellationToken))
            return Forbid();
        var run = await history.FindAsync(id, runId, cancellationToken);
        var path = run is null ? null : folder.Resolve(run, file);
        if (path is null)
            return NotFound();
        var contentType = ContentTypes.TryGetContentType(file, out var known) ? known : "application/octet-stream";
        return PhysicalFile(path, contentType, file);
    }
}
