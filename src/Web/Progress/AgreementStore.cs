using Dapper;
using Npgsql;

namespace Labelit.Web.Progress;

/// <summary>Agreement between annotators as the Worker recorded it per task and pair (progress_agreement).</summary>
public sealed class AgreementStore(NpgsqlDataSource dataSource)
{
    /// <summary>How many of the least agreed tasks a page or the API lists.</summary>
    public const int LeastAgreedShown = 10;

    // Each LS author's name: the Labelit user of that LS account, else LS's own admin.
    private const string People = """
        people AS (
            SELECT ids.ls_user_id, COALESCE(
                (SELECT u.display_name FROM ls_accounts acc JOIN users u ON u.id = acc.user_id
                 WHERE acc.project_id = @projectId AND acc.ls_user_id = ids.ls_user_id ORDER BY acc.created_at DESC LIMIT 1),
                'Label Studio admin') AS name
            FROM (SELECT ls_user_a AS ls_user_id FROM progress_agreement WHERE project_id = @projectId
                  UNION SELECT ls_user_b FROM progress_agreement WHERE project_id = @projectId) ids)
        """;

    public async Task<AgreementSummary> ForProjectAsync(long projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var overall = await connection.QuerySingleAsync<(int Tasks, double? Mean)>(new CommandDefinition("""
            SELECT count(*)::int, avg(task_agreement) FROM (
                SELECT avg(agreement) AS task_agreement FROM progress_agreement WHERE project_id = @projectId GROUP BY ls_task_id) t
            """, new { projectId }, cancellationToken: cancellationToken));
        if (overall.Tasks == 0)
            return AgreementSummary.None;
        var pairs = await connection.QueryAsync<PairSummary>(new CommandDefinition($"""
            WITH {People}
            SELECT least(pa.name, pb.name) AS First, greatest(pa.name, pb.name) AS Second, count(*)::int AS Tasks, avg(g.agreement) AS Agreement
            FROM progress_agreement g
            JOIN people pa ON pa.ls_user_id = g.ls_user_a JOIN people pb ON pb.ls_user_id = g.ls_user_b
            WHERE g.project_id = @projectId
            GROUP BY g.ls_user_a, g.ls_user_b, pa.name, pb.name
            ORDER BY Agreement, Tasks DESC, First, Second
            """, new { projectId }, cancellationToken: cancellationToken));
        var tasks = await connection.QueryAsync<(int TaskId, double Agreement, string[] Names, string Slug, int? LsProjectId)>(new CommandDefinition($"""
            WITH {People},
            least AS (
                SELECT ls_task_id, avg(agreement) AS agreement FROM progress_agreement WHERE project_id = @projectId
                GROUP BY ls_task_id ORDER BY avg(agreement), ls_task_id LIMIT @shown)
            SELECT l.ls_task_id, l.agreement,
                   ARRAY(SELECT DISTINCT p.name FROM progress_agreement g JOIN people p ON p.ls_user_id IN (g.ls_user_a, g.ls_user_b)
                         WHERE g.project_id = @projectId AND g.ls_task_id = l.ls_task_id ORDER BY p.name),
                   pr.slug, i.ls_project_id
            FROM least l JOIN projects pr ON pr.id = @projectId LEFT JOIN ls_instances i ON i.project_id = @projectId
            ORDER BY l.agreement, l.ls_task_id
            """, new { projectId, shown = LeastAgreedShown }, cancellationToken: cancellationToken));
        return new AgreementSummary(overall.Tasks, overall.Mean ?? 0, pairs.ToList(),
            tasks.Select(t => new DisagreedTask(t.TaskId, t.Agreement, t.Names,
                t.LsProjectId is { } ls ? $"/projects/{t.Slug}/ls/projects/{ls}/data?task={t.TaskId}" : null)).ToList());
    }
}
