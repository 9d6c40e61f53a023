using Labelit.Data.Distribution;
using Labelit.Web.Accounts;
using Labelit.Web.Projects;
using Microsoft.AspNetCore.Mvc;

namespace Labelit.Web.Reviews;

/// <summary>The person's annotations a reviewer rejected and they have not changed since, each with the comment and a link to the task.</summary>
public sealed record ReturnedAnnotations(IReadOnlyList<Review> Reviews, string Slug, int? LsProjectId);

public sealed class ReturnedAnnotationsViewComponent(ReviewStore reviews) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Project project, int? lsProjectId)
    {
        var user = CurrentUser.From(HttpContext.User);
        var returned = await reviews.ReturnedToAsync(project.Id, user.Id, HttpContext.RequestAborted);
        return View(new ReturnedAnnotations(returned, project.Slug, lsProjectId));
    }
}
