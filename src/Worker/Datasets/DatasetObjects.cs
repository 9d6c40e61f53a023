using Dapper;
using Npgsql;

namespace Labelit.Worker.Datasets;

/// <summary>A dataset object waiting for its LS task.</summary>
public sealed record PendingObject(long Id, string Location, long Size);

/// <summary>The dataset_objects table: which objects wait for, or have, an LS task. <see cref="ListingRecorder"/> records what a sync saw.</summary>
public sealed class DatasetObjects(NpgsqlDataSource dataSource)
{
    /// <summary>Objects a crashed sync sent to LS without hearing back.</summary>
    public async Task<IReadOnlyList<long>> InterruptedImportsAsync(long projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM dataset_objects WHERE project_id = @projectId AND state = 'importing'",
            new { projectId }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>
    /// Takes the next objects without a task, in id order after <paramref name="after"/>, and marks them
    /// as being imported by <paramref name="syncId"/>.
    /// </summary>
    public async Task<IReadOnlyList<PendingObject>> TakeNewAsync(long projectId, long syncId, long after, int count, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<PendingObject>(new CommandDefinition("""
            UPDATE dataset_objects SET state = 'importing', import_sync_id = @syncId
            WHERE id IN (SELECT id FROM dataset_objects WHERE project_id = @projectId AND id > @after AND state = 'new'
                         ORDER BY id LIMIT @count)
            RETURNING id AS Id, location AS Location, size AS Size
            """, new { projectId, syncId, after, count }, cancellationToken: cancellationToken))).OrderBy(o => o.Id).ToList();
    }

    /// <summary>LS confirmed these tasks; objects no longer flagged as importing (seen again while importing) keep their state.</summary>
    public async Task MarkImportedAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE dataset_objects SET state = CASE WHEN state = 'importing' THEN 'imported' ELSE state END, imported_at = now(), state_changed_at = now()
            WHERE id = ANY(@ids)
            """, new { ids = ids.ToArray() }, cancellationToken: cancellationToken));
    }

    /// <summary>Puts objects back in the queue (the LS import failed or never reached LS).</summary>
    public async Task ReleaseAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE dataset_objects SET state = 'new', import_sync_id = NULL WHERE id = ANY(@ids) AND state = 'importing'",
            new { ids = ids.ToArray() }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// After a failed, cancelled or interrupted run: its objects that never reached LS go back to the
    /// queue. <paramref name="uncertain"/> were being sent when the run stopped; they stay marked, and the
    /// next sync asks LS whether they arrived.
    /// </summary>
    public async Task ReleaseUnsentAsync(long projectId, long syncId, IReadOnlyCollection<long> uncertain, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE dataset_objects SET state = 'new', import_sync_id = NULL
            WHERE project_id = @projectId AND import_sync_id = @syncId AND state = 'importing' AND id <> ALL(@uncertain)
            """, new { projectId, syncId, uncertain = uncertain.ToArray() }, cancellationToken: cancellationToken));
    }
}
