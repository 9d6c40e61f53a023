using Dapper;
using Npgsql;

namespace Labelit.Web.Audit;

/// <summary>At is UTC (timestamptz, as Npgsql reads it). Before and After hold a changed text (a label config), else null.</summary>
public sealed record AuditEntry(long Id, DateTime At, long? ActorId, string? ActorName, string Action, string EntityType, long? EntityId, string Summary,
    string? Before, string? After);

public sealed record AuditQuery(string? EntityType = null, long? ActorId = null, string? Action = null, DateTimeOffset? Since = null, int Limit = 200);

/// <summary>Who created, changed or deleted which user, project or assignment, and when.</summary>
public sealed class AuditLog(NpgsqlDataSource dataSource)
{
    public async Task WriteAsync(long? actorId, string action, string entityType, long? entityId, string summary, string? before = null, string? after = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO audit_log (actor_id, action, entity_type, entity_id, summary, before_text, after_text)
            VALUES (@actorId, @action, @entityType, @entityId, @summary, @before, @after)
            """, new { actorId, action, entityType, entityId, summary, before, after });
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<AuditEntry>("""
            SELECT a.id, a.at, a.actor_id AS ActorId, u.display_name AS ActorName, a.action, a.entity_type AS EntityType,
                   a.entity_id AS EntityId, a.summary, a.before_text AS Before, a.after_text AS After
            FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
            WHERE (@EntityType IS NULL OR a.entity_type = @EntityType)
              AND (@ActorId IS NULL OR a.actor_id = @ActorId)
              AND (@Action IS NULL OR a.action = @Action)
              AND (@Since IS NULL OR a.at >= @Since)
            ORDER BY a.id DESC
            LIMIT @Limit
            """, query with { Limit = Math.Clamp(query.Limit, 1, 1000) })).ToList();
    }
}
