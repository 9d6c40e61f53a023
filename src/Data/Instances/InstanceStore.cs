using System.Collections.Concurrent;
using Dapper;
using Npgsql;

namespace Labelit.Data.Instances;

/// <summary>
/// What Web's proxy needs from the Worker's instance table. Reads are cheap single queries; the
/// two writes wake the Worker through NOTIFY labelit_changes.
/// </summary>
public sealed class InstanceStore(NpgsqlDataSource dataSource, LabelStudioSecrets secrets, TimeProvider clock)
{
    /// <summary>Activity is written at most this often per project and process.</summary>
    public static readonly TimeSpan TouchInterval = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<long, DateTimeOffset> _lastTouch = new();

    /// <summary>
    /// The route of every project that has an instance row (deleted projects excluded), for a
    /// proxy route table. Rebuild it when NOTIFY labelit_changes names table ls_instances.
    /// </summary>
    public async Task<IReadOnlyList<InstanceRoute>> GetRoutesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<RouteRow>(new CommandDefinition(RouteQuery + " WHERE p.deleted_at IS NULL",
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRoute()).ToList();
    }

    /// <summary>The project's instance state and address; null when the project has no instance row yet.</summary>
    public async Task<InstanceRoute?> GetRouteAsync(long projectId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<RouteRow>(new CommandDefinition(
            RouteQuery + " WHERE i.project_id = @projectId", new { projectId }, cancellationToken: cancellationToken));
        return row?.ToRoute();
    }

    /// <summary>
    /// The user's LS email and password for the project, decrypted, only while the account is
    /// active (assigned and not deactivated); null otherwise, so a revoked account is never used.
    /// </summary>
    public async Task<LabelStudioCredentials?> GetCredentialsAsync(long projectId, long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition("""
            SELECT a.ls_email AS Email, a.password AS Password, a.ls_user_id AS LsUserId FROM ls_accounts a
            JOIN users u ON u.id = a.user_id
            WHERE a.project_id = @projectId AND a.user_id = @userId AND a.state = 'active'
              AND a.ls_user_id IS NOT NULL AND u.is_active
            """, new { projectId, userId }, cancellationToken: cancellationToken));
        return row is null ? null : new LabelStudioCredentials(row.Email, secrets.Unprotect(row.Password), row.LsUserId);
    }

    /// <summary>
    /// Asks the Worker to start the project's instance now (after it was stopped for being idle).
    /// Returns at once; poll <see cref="GetRouteAsync"/> (or listen) until it is running.
    /// </summary>
    public async Task RequestStartAsync(long projectId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO ls_instances (project_id, start_requested_at, last_activity_at) VALUES (@projectId, now(), now())
            ON CONFLICT (project_id) DO UPDATE SET suspended = false, start_requested_at = now(), last_activity_at = now();
            SELECT pg_notify('labelit_changes', json_build_object('table', 'ls_start_requests', 'project_id', @projectId)::text);
            """, new { projectId }, cancellationToken: cancellationToken));
        _lastTouch[projectId] = clock.GetUtcNow();
    }

    /// <summary>
    /// Records that someone used the project's instance, so it is not stopped as idle. Cheap to
    /// call on every proxied request: it writes at most once per <see cref="TouchInterval"/>.
    /// </summary>
    public async Task TouchAsync(long projectId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        if (_lastTouch.TryGetValue(projectId, out var last) && now - last < TouchInterval)
            return;
        _lastTouch[projectId] = now;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE ls_instances SET last_activity_at = now() WHERE project_id = @projectId",
            new { projectId }, cancellationToken: cancellationToken));
    }

    private const string RouteQuery = """
        SELECT i.project_id AS ProjectId, p.slug AS Slug, i.state AS State, i.address AS Address, i.reason AS Reason,
               i.suspended AS Suspended, i.provision_error AS ProvisionError, i.ls_project_id AS LsProjectId
        FROM ls_instances i JOIN projects p ON p.id = i.project_id
        """;

    private sealed record RouteRow(long ProjectId, string Slug, string State, string? Address, string? Reason, bool Suspended, string? ProvisionError, int? LsProjectId)
    {
        public InstanceRoute ToRoute() =>
            new(ProjectId, Slug, State, State == InstanceStates.Running ? Address?.TrimEnd('/') : null, Reason, Suspended, ProvisionError, LsProjectId);
    }

    private sealed record AccountRow(string Email, string Password, int LsUserId);
}
