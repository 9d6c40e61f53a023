using Labelit.Data.Instances;
using Labelit.Web.Accounts;
using Labelit.Web.Projects;
using Labelit.Web.Proxy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Labelit.Web.Pages.Projects;

/// <summary>
/// The annotator's "Tasks" and "Label" buttons: into the project's LS task list or labelling stream
/// through the proxy. While LS is not running yet this page asks for it and reloads itself.
/// </summary>
[Authorize]
public sealed class OpenModel(ProjectStore projects, ProjectAccess access, InstanceRouteTable routes, InstanceStore instances) : PageModel
{
    public Project Project { get; private set; } = null!;

    public InstanceRoute? Route { get; private set; }

    /// <summary>The project is paused, completed or archived and the visitor is one of its annotators: say so, and whom to ask.</summary>
    public bool OnHold { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, string view, CancellationToken cancellationToken)
    {
        var project = await projects.FindBySlugAsync(slug, cancellationToken);
        if (project is null)
        {
            return NotFound();
        }
        var viewer = CurrentUser.From(User);
        Project = project;
        if (!await access.CanViewAsync(viewer, project, cancellationToken))
        {
            if (viewer.IsAnnotator && project.Status != ProjectStatus.Active && await projects.IsAssignedAsync(project.Id, viewer.Id, cancellationToken))
            {
                OnHold = true;
                Response.StatusCode = StatusCodes.Status403Forbidden;
                return Page();
            }
            return Forbid();
        }
        Route = routes.Find(slug);
        if (Route is { IsRunning: true, LsProjectId: { } lsProjectId })
        {
            var target = $"/projects/{slug}/ls/projects/{lsProjectId}/data";
            return Redirect(view == "label" ? target + "?labeling=1" : target);
        }
        if (Route is null || Route.Suspended || Route.State == InstanceStates.Stopped)
        {
            await instances.RequestStartAsync(project.Id, cancellationToken);
        }
        Response.Headers["Refresh"] = "2";
        return Page();
    }
}
