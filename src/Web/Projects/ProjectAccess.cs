using Labelit.Web.Accounts;

namespace Labelit.Web.Projects;

/// <summary>Who may see and who may change a project. Every page, API route and the proxy ask here.</summary>
public sealed class ProjectAccess(ProjectStore projects)
{
    public static bool CanManage(CurrentUser user, Project project) =>
        user.IsAdmin || (user.IsManager && project.ManagerId == user.Id);

    public static bool CanCreate(CurrentUser user) => user.IsAdmin || user.IsManager;

    public async Task<bool> CanViewAsync(CurrentUser user, Project project, CancellationToken cancellationToken = default) =>
        CanView(user, project, user.IsAnnotator && await projects.IsAssignedAsync(project.Id, user.Id, cancellationToken));

    /// <summary>Managers and admins as for editing; annotators when assigned and the project is active.</summary>
    public static bool CanView(CurrentUser user, Project project, bool isAssigned) =>
        CanManage(user, project) || (user.IsAnnotator && project.Status == ProjectStatus.Active && isAssigned);
}
