using Dapper;
using Labelit.Plugins;
using Npgsql;

namespace Labelit.Worker.Datasets;

/// <summary>What one page of a listing did to the project's known objects.</summary>
public sealed record PageOutcome(int Added, int Changed);

/// <summary>A dataset object waiting for its LS task.</summary>
public sealed record PendingObject(long Id, string Location, long Size);

/// <summary>The dataset_objects table: what each sync saw, and which objects have an LS task.</summary>
public sealed class DatasetObjects(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Records one listed page: unknown objects become new, a different ETag on an imported object
    /// flags it as changed, and an object that had been reported removed and is back is known again.
    /// </summary>
    public async Task<PageOutcome> RecordPageAsync(long projectId, IReadOnlyList<StorageObject> page, DateTime seenAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var locations = page.Select(o => o.Path.ToString()).ToArray();
        var known = (await connection.QueryAsync<Known>(new CommandDefinition("""
            SELECT location AS Location, etag AS ETag, state AS State, imported_at AS ImportedAt
            FROM dataset_objects WHERE project_id = @projectId AND location = ANY(@locations)
            """, new { projectId, locations }, cancellationToken: cancellationToken))).ToDictionary(k => k.Location);

        var states = new string[page.Count];
        int added = 0, changed = 0;
        for (var i = 0; i < page.Count; i++)
        {
            var etag = page[i].ETag;
            if (!known.TryGetValue(locations[i], out var row))
            {
                states[i] = "new";
                added++;
                continue;
            }
            var contentChanged = row.ETag is not null && etag is not null && row.ETag != etag;
            states[i] = row switch
            {
                { ImportedAt: null } => row.State == "importing" ? "importing" : "new",
                { State: "changed" } => "changed",
                _ when contentChanged => "changed",
                _ => "imported",
            };
            if (states[i] == "changed" && row.State != "changed")
                changed++;
        }

        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO dataset_objects AS o (project_id, location, etag, size, last_modified, state, first_seen_at, last_seen_at)
            SELECT @projectId, t.location, t.etag, t.size, t.modified, t.state, @seenAt, @seenAt
            FROM unnest(@locations, @etags, @sizes, @modified, @states) AS t(location, etag, size, modified, state)
            ON CONFLICT (project_id, location) DO UPDATE
            SET etag = EXCLUDED.etag, size = EXCLUDED.size, last_modified = EXCLUDED.last_modified,
                state = EXCLUDED.state, last_seen_at = EXCLUDED.last_seen_at
            """, new
        {
            projectId,
            seenAt,
            locations,
            etags = page.Select(o => o.ETag).ToArray(),
            sizes = page.Select(o => o.Size).ToArray(),
            modified = page.Select(o => o.LastModified?.UtcDateTime).ToArray(),
            states,
        }, cancellationToken: cancellationToken));
        return new PageOutcome(added, changed);
    }

    /// <summary>Objects no listing of this sync saw are reported removed; their tasks stay in LS.</summary>
    public async Task<int> MarkUnseenRemovedAsync(long projectId, DateTime seenAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE dataset_objects SET state = 'removed'
            WHERE project_id = @projectId AND last_seen_at < @seenAt AND state <> 'removed'
            """, new { projectId, seenAt }, cancellationToken: cancellationToken));
    }

    /// <summary>Objects a crashed sync sent to LS without hearing back.</summary>
    public async Task<IReadOnlyList<long>> InterruptedImportsAsync(long projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM dataset_objects WHERE project_id = @projectId AND state = 'importing'",
            new { projectId }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<int> CountNewAsync(long projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*) FROM dataset_objects WHERE project_id = @projectId AND state = 'new'",
            new { projectId }, cancellationToken: cancellationToken));
    }

    /// <summary>Takes the next objects without a task and marks them as being imported by <paramref name="syncId"/>.</summary>
    public async Task<IReadOnlyList<PendingObject>> TakeNewAsync(long projectId, long syncId, int count, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<PendingObject>(new CommandDefinition("""
            UPDATE dataset_objects SET state = 'importing', import_sync_id = @syncId
            WHERE id IN (SELECT id FROM dataset_objects WHERE project_id = @projectId AND state = 'new' ORDER BY id LIMIT @count)
            RETURNING id AS Id, location AS Location, size AS Size
            """, new { projectId, syncId, count }, cancellationToken: cancellationToken))).OrderBy(o => o.Id).ToList();
    }

    /// <summary>LS confirmed these tasks; objects no longer flagged as importing (seen again while importing) keep their state.</summary>
    public async Task MarkImportedAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE dataset_objects SET state = CASE WHEN state = 'importing' THEN 'imported' ELSE state END, imported_at = now()
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

    private sealed record Known
    {
        public string Location { get; init; } = "";
        public string? ETag { get; init; }
        public string State { get; init; } = "";
        public DateTime? ImportedAt { get; init; }
    }
}
