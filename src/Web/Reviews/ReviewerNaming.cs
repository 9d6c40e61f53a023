using Labelit.Data.Distribution;
using Labelit.Web.Accounts;
using Labelit.Web.Audit;
using Labelit.Web.Projects;

namespace Labelit.Web.Reviews;

/// <summary>Names a project's reviewers, from the API or the review page: only among its annotators, saved whole and audited.</summary>
public sealed class ReviewerNaming(ProjectStore projects, ReviewStore reviews, UserStore users, AuditLog audit)
{
    /// <summary>The annotators now named (by name), or why nothing was changed.</summary>
    public async Task<(IReadOnlyList<string>? Named, string? Refusal)> NameAsync(Project project, CurrentUser actor, IReadOnlyCollection<long> userIds,
        CancellationToken cancellationToken)
    {
        var assigned = (await projects.AnnotatorsAsync(project.Id, cancellationToken)).ToDictionary(u => u.Id);
        var strangers = userIds.Distinct().Where(u => !assigned.ContainsKey(u)).ToList();
        if (strangers.Count > 0)
        {
            var names = new List<string>();
            foreach (var id in strangers)
                names.Add((await users.FindByIdAsync(id, cancellationToken))?.DisplayName is { } name ? $"{name} (user {id})" : $"user {id}");
            return (null, $"Reviewers are named among the project's annotators; {string.Join(", ", names)} {(names.Count == 1 ? "is" : "are")} not assigned to it.");
        }
        var named = userIds.Distinct().ToList();
        await reviews.SetReviewersAsync(project.Id, named, actor.Id, cancellationToken);
        var namedNames = named.Select(u => assigned[u].DisplayName).ToList();
        await audit.WriteAsync(actor.Id, "reviewers named", "project", project.Id,
            $"Reviewers of \"{project.Name}\": {(namedNames.Count == 0 ? "none besides its manager and admins" : string.Join(", ", namedNames))}");
        return (namedNames, null);
    }
}
