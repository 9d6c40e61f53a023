using Dapper;
using Npgsql;

namespace Labelit.Worker.Datasets;

/// <summary>A sync run a Worker has claimed.</summary>
public sealed record ClaimedSync(long Id, long ProjectId, string Trigger);

/// <summary>Counters a running sync reports as it goes; the UI shows them as progress.</summary>
public sealed record SyncProgress(int Listed, int Added, int Changed, int Removed, int ToImport, int Imported);

/// <summary>
/// The dataset_syncs table, the record of every sync. A sync's job claims it here, so with several
/// Workers each run is done once; a run whose Worker stopped heart-beating is taken over.
/// </summary>
public sealed class DatasetSyncQueue(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// The sync, now running on <paramref name="workerId"/>: queued, or running on a Worker that stopped
    /// reporting (taken over). Null when it is not (finished, cancelled, running elsewhere).
    /// </summary>
    public async Task<ClaimedSync?> ClaimAsync(long syncId, string workerId, TimeSpan staleAfter, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ClaimedSync>(new CommandDefinition("""
            UPDATE dataset_syncs SET status = 'running', worker = @workerId, heartbeat_at = now(),
                   started_at = COALESCE(started_at, now())
            WHERE id = (
                SELECT id FROM dataset_syncs
                WHERE id = @syncId AND (status = 'queued' OR (status = 'running' AND heartbeat_at < now() - @staleAfter))
                FOR UPDATE SKIP LOCKED)
            RETURNING id AS Id, project_id AS ProjectId, trigger AS Trigger
            """, new { syncId, workerId, staleAfter }, cancellationToken: cancellationToken));
    }

    /// <summary>Saves progress and renews the heartbeat; returns true when someone asked to cancel the run.</summary>
    public async Task<bool> ReportAsync(long syncId, SyncProgress progress, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition("""
            UPDATE dataset_syncs SET heartbeat_at = now(), listed = @Listed, added = @Added, changed = @Changed,
                   removed = @Removed, to_import = @ToImport, imported = @Imported
            WHERE id = @syncId
            RETURNING cancel_requested
            """, new { syncId, progress.Listed, progress.Added, progress.Changed, progress.Removed, progress.ToImport, progress.Imported },
            cancellationToken: cancellationToken));
    }

    public async Task FinishAsync(long syncId, string status, SyncProgress progress, string? error)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            UPDATE dataset_syncs SET status = @status, finished_at = now(), error = @error, listed = @Listed, added = @Added,
                   changed = @Changed, removed = @Removed, to_import = @ToImport, imported = @Imported
            WHERE id = @syncId
            """, new { syncId, status, error, progress.Listed, progress.Added, progress.Changed, progress.Removed, progress.ToImport, progress.Imported });
    }

    /// <summary>Queues a scheduled sync; false when one is already queued or running (the one-active-sync index refuses it).</summary>
    public async Task<bool> QueueScheduledAsync(long projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO dataset_syncs (project_id, trigger)
            SELECT id, 'scheduled' FROM projects WHERE id = @projectId AND deleted_at IS NULL
            ON CONFLICT DO NOTHING
            """, new { projectId }, cancellationToken: cancellationToken)) > 0;
    }
}
