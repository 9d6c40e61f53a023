using System.Text.Json;
using Dapper;
using Npgsql;

namespace Labelit.Worker.Exports;

/// <summary>
/// export_runs, the record of every export run: a run's job claims it here so that it runs on one
/// Worker; running runs report a heartbeat and are taken back when their Worker died.
/// </summary>
public sealed class ExportRunStore(NpgsqlDataSource dataSource)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Queues a scheduled run unless one is already queued or running; true when queued.</summary>
    public async Task<bool> EnqueueScheduledAsync(long projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO export_runs (project_id, trigger)
            SELECT id, 'scheduled' FROM projects WHERE id = @projectId AND deleted_at IS NULL
            ON CONFLICT (project_id) WHERE status IN ('queued', 'running') DO NOTHING
            """, new { projectId }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>The run, now running on <paramref name="workerId"/>; null when it is not due (taken, finished, not yet time).</summary>
    public async Task<ClaimedRun?> ClaimAsync(long runId, string workerId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ClaimedRun>(new CommandDefinition("""
            WITH next AS (
                SELECT r.id FROM export_runs r JOIN projects p ON p.id = r.project_id
                WHERE r.id = @runId AND r.status = 'queued' AND r.next_attempt_at <= now() AND p.deleted_at IS NULL
                FOR UPDATE OF r SKIP LOCKED)
            UPDATE export_runs r SET status = 'running', attempt = r.attempt + 1, worker_id = @workerId,
                   started_at = now(), heartbeat_at = now(), finished_at = NULL
            FROM next, projects p
            WHERE r.id = next.id AND p.id = r.project_id AND p.deleted_at IS NULL
            RETURNING r.id AS Id, r.project_id AS ProjectId, r.attempt AS Attempt, p.slug AS Slug,
                      p.label_config AS LabelConfig, p.export_settings::text AS ExportSettingsJson
            """, new { runId, workerId }, cancellationToken: cancellationToken));
    }

    public async Task HeartbeatAsync(long runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE export_runs SET heartbeat_at = now() WHERE id = @runId AND status = 'running'", new { runId }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Runs whose Worker stopped reporting (killed mid-run) go back to the queue, or fail when they
    /// used their last attempt. Their half-written files were never made visible.
    /// </summary>
    public async Task<int> ReclaimAbandonedAsync(TimeSpan abandonedAfter, int maxAttempts, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE export_runs SET
                status = CASE WHEN attempt >= @maxAttempts THEN 'failed' ELSE 'queued' END,
                finished_at = CASE WHEN attempt >= @maxAttempts THEN now() END,
                next_attempt_at = now(),
                error = 'The Worker running this export stopped before it finished (attempt ' || attempt || ').'
            WHERE status = 'running' AND heartbeat_at < now() - @abandonedAfter
            """, new { abandonedAfter, maxAttempts }, cancellationToken: cancellationToken));
    }

    /// <summary>The content hash and end time of the project's last successful export, if any.</summary>
    public async Task<(string Hash, DateTimeOffset FinishedAt)?> LastSucceededAsync(long projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<LastRow>(new CommandDefinition("""
            SELECT content_hash AS Hash, finished_at AS FinishedAt FROM export_runs
            WHERE project_id = @projectId AND status = 'succeeded' AND content_hash IS NOT NULL
            ORDER BY finished_at DESC LIMIT 1
            """, new { projectId }, cancellationToken: cancellationToken));
        return row is null ? null : (row.Hash, new DateTimeOffset(DateTime.SpecifyKind(row.FinishedAt, DateTimeKind.Utc)));
    }

    private sealed record LastRow
    {
        public string Hash { get; init; } = "";
        public DateTime FinishedAt { get; init; }
    }

    public async Task SucceedAsync(long runId, ExportOutcome outcome, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE export_runs SET status = 'succeeded', finished_at = now(), task_count = @Tasks, annotation_count = @Annotations,
                   bytes = @Bytes, files = @files::jsonb, destination = @Destination, location = @Location, content_hash = @ContentHash, error = NULL
            WHERE id = @runId
            """, new { runId, outcome.Tasks, outcome.Annotations, outcome.Bytes, files = JsonSerializer.Serialize(outcome.Files, Json),
                outcome.Destination, outcome.Location, outcome.ContentHash }, cancellationToken: cancellationToken));
    }

    public async Task SkipAsync(long runId, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE export_runs SET status = 'skipped', finished_at = now(), error = @reason WHERE id = @runId",
            new { runId, reason }, cancellationToken: cancellationToken));
    }

    /// <summary>Hands a run back to the queue as it was before this Worker claimed it (the Worker is stopping).</summary>
    public async Task ReleaseAsync(long runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE export_runs SET status = 'queued', attempt = attempt - 1, next_attempt_at = now(), worker_id = NULL, heartbeat_at = NULL
            WHERE id = @runId AND status = 'running'
            """, new { runId }, cancellationToken: cancellationToken));
    }

    /// <summary>Records a failed attempt: queued again after <paramref name="retryAt"/>, or failed for good when null.</summary>
    public async Task FailAttemptAsync(long runId, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE export_runs SET error = @error,
                   status = CASE WHEN @retryAt::timestamptz IS NULL THEN 'failed' ELSE 'queued' END,
                   finished_at = CASE WHEN @retryAt::timestamptz IS NULL THEN now() END,
                   next_attempt_at = COALESCE(@retryAt::timestamptz, next_attempt_at)
            WHERE id = @runId
            """, new { runId, error, retryAt }, cancellationToken: cancellationToken));
    }

    /// <summary>Finished runs of the project beyond the newest <paramref name="keep"/>.</summary>
    public async Task<IReadOnlyList<ExpiredRun>> ExpiredRunsAsync(long projectId, int keep, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<ExpiredRun>(new CommandDefinition("""
            SELECT id AS Id, destination AS Destination, location AS Location FROM export_runs
            WHERE project_id = @projectId AND status IN ('succeeded', 'failed', 'skipped')
            ORDER BY id DESC OFFSET @keep
            """, new { projectId, keep }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task DeleteAsync(long runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM export_runs WHERE id = @runId", new { runId }, cancellationToken: cancellationToken));
    }
}
