using System.Security.Claims;
using Labelit.Data.Distribution;
using Labelit.Web.Accounts;
using Labelit.Web.Apis;
using Labelit.Web.Projects;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Labelit.Web.Reviews;

/// <summary>Who may review a project's annotations: its manager, admins, and the annotators named reviewers while assigned.</summary>
public sealed class ReviewerGate(ProjectStore projects, ReviewStore reviews)
{
    public async Task<bool> CanReviewAsync(CurrentUser user, Project project, CancellationToken cancellationToken) =>
        ProjectAccess.CanManage(user, project)
        || (user.IsAnnotator && project.Status == ProjectStatus.Active && await reviews.IsReviewerAsync(project.Id, user.Id, cancellationToken));

    internal async Task<(Project? Project, ProblemHttpResult? Problem)> ReviewableAsync(long id, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var project = await projects.FindAsync(id, cancellationToken);
        if (project is null)
            return (null, ApiProblems.NotFound("project"));
        return await CanReviewAsync(CurrentUser.From(principal), project, cancellationToken)
            ? (project, null)
            : (null, ApiProblems.Forbidden("Only this project's manager, an admin or a reviewer the manager named may review its annotations."));
    }
}
