using Dapper;
using Labelit.Data.Changes;
using Labelit.Web.Changes;
using Npgsql;

namespace Labelit.Web.Projects;

/// <summary>A project and who is assigned to it: what the proxy checks on every request.</summary>
public sealed record ProjectGate(Project Project, IReadOnlySet<long> AnnotatorIds);

/// <summary>
/// The proxy's view of projects, kept in memory until PostgreSQL announces any project or
/// assignment change, so that an unassigned annotator is refused on their very next request.
/// </summary>
public sealed class CachedProjects(ProjectStore projects, NpgsqlDataSource dataSource, ChangeNotices notices)
{
    private readonly NoticeCache<string, ProjectGate?> _cache = new(notices,
        notice => notice.Table is "projects" or "project_annotators" ? null : []);

    /// <summary>This process changed a project or an assignment: forget them now rather than when the notice arrives.</summary>
    public void Forget() => _cache.Invalidate(null);

    public Task<ProjectGate?> FindBySlugAsync(string slug, CancellationToken cancellationToken) =>
        _cache.GetAsync(slug, async key =>
        {
            var project = await projects.FindBySlugAsync(key, cancellationToken);
            if (project is null)
            {
                return null;
            }
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var annotators = await connection.QueryAsync<long>(
                "SELECT user_id FROM project_annotators WHERE project_id = @Id", new { project.Id });
            return new ProjectGate(project, annotators.ToHashSet());
        });
}
