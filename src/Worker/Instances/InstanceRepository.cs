using Dapper;
using Labelit.Data.Instances;
using Npgsql;

namespace Labelit.Worker.Instances;

/// <summary>The Worker's reads and writes of ls_instances and ls_accounts.</summary>
public sealed class InstanceRepository(NpgsqlDataSource dataSource)
{
    private const string SelectRow = """
        SELECT p.id AS ProjectId, p.slug AS Slug, p.name AS Name, p.label_config AS LabelConfig, p.status AS Status,
               p.deleted_at AS DeletedAt, i.instance_key AS InstanceKey, i.state AS State, i.reason AS Reason, i.handle AS Handle,
               i.port AS Port, i.lease_owner AS LeaseOwner, i.lease_expires_at AS LeaseExpiresAt,
               COALESCE(i.suspended, false) AS Suspended, COALESCE(i.last_activity_at, now()) AS LastActivityAt,
               COALESCE(i.failure_count, 0) AS FailureCount, i.retry_at AS RetryAt, i.started_at AS StartedAt,
               i.admin_secrets AS AdminSecrets, i.launch_host AS LaunchHost, i.ls_project_id AS LsProjectId,
               i.provisioned_hash AS ProvisionedHash, i.provision_error AS ProvisionError
        FROM projects p LEFT JOIN ls_instances i ON i.project_id = p.id
        """;

    /// <summary>Projects that want an instance, and every project whose instance is not plainly stopped.</summary>
    public async Task<IReadOnlyList<long>> ProjectsToReconcileAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<long>(new CommandDefinition("""
            SELECT p.id FROM projects p LEFT JOIN ls_instances i ON i.project_id = p.id
            WHERE (p.status = 'Active' AND p.deleted_at IS NULL AND NOT COALESCE(i.suspended, false))
               OR (i.project_id IS NOT NULL AND (i.state <> 'stopped' OR i.handle IS NOT NULL))
            ORDER BY p.id
            """, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<InstanceRow?> GetAsync(long projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<InstanceRow>(new CommandDefinition(
            SelectRow + " WHERE p.id = @projectId", new { projectId }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<InstanceRow>> GetByKeysAsync(IEnumerable<Guid> keys, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<InstanceRow>(new CommandDefinition(
            SelectRow + " WHERE i.instance_key = ANY(@keys)", new { keys = keys.ToArray() }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>
    /// Takes or renews this Worker's lease on the instance (creating its row if needed). Only one
    /// Worker can hold it: the update is conditional on the lease being free, expired or its own.
    /// </summary>
    public async Task<bool> TryClaimAsync(long projectId, string workerId, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO ls_instances (project_id) VALUES (@projectId) ON CONFLICT (project_id) DO NOTHING",
            new { projectId }, cancellationToken: cancellationToken));
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE ls_instances SET lease_owner = @workerId, lease_expires_at = now() + @lease
            WHERE project_id = @projectId AND (lease_owner IS NULL OR lease_owner = @workerId OR lease_expires_at < now())
            """, new { projectId, workerId, lease }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Projects whose instance this Worker holds and has a handle for.</summary>
    public async Task<IReadOnlyList<long>> HeldByAsync(string workerId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT project_id FROM ls_instances WHERE lease_owner = @workerId AND handle IS NOT NULL", new { workerId },
            cancellationToken: cancellationToken))).ToList();
    }

    public async Task RenewLeasesAsync(string workerId, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE ls_instances SET lease_expires_at = now() + @lease WHERE lease_owner = @workerId",
            new { workerId, lease }, cancellationToken: cancellationToken));
    }

    /// <summary>Picks a port in the range that no instance row holds and nothing listens on, and records it.</summary>
    public async Task<int> AllocatePortAsync(long projectId, int? current, int first, int last, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var taken = (await connection.QueryAsync<int>(new CommandDefinition(
            "SELECT port FROM ls_instances WHERE port IS NOT NULL AND project_id <> @projectId", new { projectId },
            cancellationToken: cancellationToken))).ToHashSet();
        var candidates = (current is { } port ? [port] : Array.Empty<int>())
            .Concat(Enumerable.Range(first, last - first + 1).OrderBy(_ => Random.Shared.Next()));
        foreach (var candidate in candidates.Where(p => !taken.Contains(p) && PortProbe.IsFree(p)))
        {
            try
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE ls_instances SET port = @candidate WHERE project_id = @projectId",
                    new { candidate, projectId }, cancellationToken: cancellationToken));
                return candidate;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // Another Worker took this port a moment ago: try the next.
            }
        }
        throw new InvalidOperationException($"No free port left in {first}-{last}: widen Instances:PortRangeStart/PortRangeEnd.");
    }

    public Task SaveSecretsAsync(long projectId, string protectedSecrets, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE ls_instances SET admin_secrets = @protectedSecrets WHERE project_id = @projectId",
            new { projectId, protectedSecrets }, cancellationToken);

    public Task MarkStartingAsync(long projectId, string runtime, string launchHost, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            UPDATE ls_instances SET state = 'starting', reason = NULL, runtime = @runtime, launch_host = @launchHost, handle = NULL,
                   address = NULL, start_requested_at = NULL, last_activity_at = now(), updated_at = now()
            WHERE project_id = @projectId
            """, new { projectId, runtime, launchHost }, cancellationToken);

    public Task SetHandleAsync(long projectId, string handle, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE ls_instances SET handle = @handle, started_at = now(), updated_at = now() WHERE project_id = @projectId",
            new { projectId, handle }, cancellationToken);

    public Task MarkRunningAsync(long projectId, string address, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            UPDATE ls_instances SET state = 'running', reason = NULL, address = @address, retry_at = NULL, provision_error = NULL,
                   updated_at = now()
            WHERE project_id = @projectId
            """, new { projectId, address }, cancellationToken);

    public Task MarkStoppingAsync(long projectId, string reason, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE ls_instances SET state = 'stopping', reason = @reason, address = NULL, updated_at = now() WHERE project_id = @projectId",
            new { projectId, reason }, cancellationToken);

    /// <summary>Stopped on purpose; the lease is let go so that any Worker may start it next time.</summary>
    public Task MarkStoppedAsync(long projectId, string reason, bool suspended, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            UPDATE ls_instances SET state = 'stopped', reason = @reason, suspended = @suspended, address = NULL, handle = NULL,
                   failure_count = 0, retry_at = NULL, lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
            WHERE project_id = @projectId
            """, new { projectId, reason, suspended }, cancellationToken);

    public Task MarkFailedAsync(long projectId, string reason, int failureCount, DateTime retryAt, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            UPDATE ls_instances SET state = 'failed', reason = @reason, address = NULL, handle = NULL,
                   failure_count = @failureCount, retry_at = @retryAt, updated_at = now()
            WHERE project_id = @projectId
            """, new { projectId, reason, failureCount, retryAt }, cancellationToken);

    public Task SetProvisionedAsync(long projectId, int lsProjectId, string? hash, string? error, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            UPDATE ls_instances SET ls_project_id = @lsProjectId, provisioned_hash = COALESCE(@hash, provisioned_hash),
                   provision_error = @error, updated_at = now()
            WHERE project_id = @projectId
            """, new { projectId, lsProjectId, hash, error }, cancellationToken);

    public Task SetProvisionErrorAsync(long projectId, string? error, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE ls_instances SET provision_error = @error, updated_at = now() WHERE project_id = @projectId",
            new { projectId, error }, cancellationToken);

    /// <summary>
    /// Who should have an LS account: the project's active annotators, its manager and the admins
    /// (who may enter every project), so that each is signed in to LS as themselves.
    /// </summary>
    public async Task<IReadOnlyList<MemberRow>> MembersAsync(long projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<MemberRow>(new CommandDefinition("""
            SELECT u.id AS UserId, u.email AS Email, u.display_name AS DisplayName FROM users u WHERE u.is_active AND (
                u.id IN (SELECT user_id FROM project_annotators WHERE project_id = @projectId)
                OR u.id = (SELECT manager_id FROM projects WHERE id = @projectId)
                OR u.role = 'Admin')
            ORDER BY u.id
            """, new { projectId }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyList<AccountRow>> AccountsAsync(long projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<AccountRow>(new CommandDefinition("""
            SELECT user_id AS UserId, ls_email AS LsEmail, password AS Password, ls_user_id AS LsUserId, state AS State, profile AS Profile
            FROM ls_accounts WHERE project_id = @projectId
            """, new { projectId }, cancellationToken: cancellationToken))).ToList();
    }

    public Task AddPendingAccountAsync(long projectId, long userId, string email, string protectedPassword, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            INSERT INTO ls_accounts (project_id, user_id, ls_email, password, state) VALUES (@projectId, @userId, @email, @protectedPassword, 'pending')
            ON CONFLICT (project_id, user_id) DO NOTHING
            """, new { projectId, userId, email, protectedPassword }, cancellationToken);

    public Task SetAccountStateAsync(long projectId, long userId, string state, int? lsUserId, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            UPDATE ls_accounts SET state = @state, ls_user_id = COALESCE(@lsUserId, ls_user_id), updated_at = now()
            WHERE project_id = @projectId AND user_id = @userId
            """, new { projectId, userId, state, lsUserId }, cancellationToken);

    /// <summary>LS now shows this name for the account.</summary>
    public Task SetAccountProfileAsync(long projectId, long userId, string profile, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            UPDATE ls_accounts SET profile = @profile, updated_at = now()
            WHERE project_id = @projectId AND user_id = @userId
            """, new { projectId, userId, profile }, cancellationToken);

    private async Task ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }
}
