using Dapper;
using Labelit.Plugins;
using Npgsql;
using NpgsqlTypes;

namespace Labelit.Worker.Datasets;

/// <summary>What one listed page changed: its new objects, already recorded as being imported by this sync, and how many known objects changed.</summary>
public sealed record RecordedPage(IReadOnlyList<PendingObject> Added, int Changed);

/// <summary>
/// Records a sync's listing page by page, as it arrives, so new objects can go to LS while the
/// listing goes on. Each page is one statement that keeps its locations for the removal check,
/// inserts unknown objects, and flags known ones whose ETag changed; unchanged objects are not
/// rewritten, so a re-sync of a large bucket costs little more than its listing.
/// </summary>
public sealed class ListingRecorder : IAsyncDisposable
{
    private const string RecordPage = """
        WITH page AS MATERIALIZED (
            SELECT DISTINCT ON (location) location, etag, size, last_modified
            FROM unnest(@locations, @etags, @sizes, @modified) AS p(location, etag, size, last_modified)
            ORDER BY location),
        seen AS (INSERT INTO listed (location) SELECT location FROM page),
        added AS (
            INSERT INTO dataset_objects (project_id, location, etag, size, last_modified, state, import_sync_id)
            SELECT @projectId, p.location, p.etag, p.size, p.last_modified, 'importing', @syncId FROM page p
            WHERE NOT EXISTS (SELECT 1 FROM dataset_objects o WHERE o.project_id = @projectId AND o.location = p.location)
            ORDER BY p.location
            ON CONFLICT (project_id, location) DO NOTHING
            RETURNING id, location, size),
        known AS (
            -- An imported object with another ETag is flagged changed (its task is kept); a removed object that is back is known again.
            UPDATE dataset_objects o SET etag = p.etag, size = p.size, last_modified = p.last_modified, state_changed_at = now(),
                   state = CASE WHEN o.imported_at IS NOT NULL AND o.etag <> p.etag THEN 'changed'
                                WHEN o.imported_at IS NULL THEN 'new' ELSE 'imported' END
            FROM page p
            WHERE o.project_id = @projectId AND o.location = p.location
              AND (o.state = 'removed' OR (o.state = 'imported' AND o.etag <> p.etag))
            RETURNING o.state)
        SELECT id, location, size, NULL AS state FROM added
        UNION ALL SELECT NULL, NULL, NULL, state FROM known
        """;

    private readonly NpgsqlConnection _connection;
    private readonly long _projectId;
    private readonly long _syncId;

    private ListingRecorder(NpgsqlConnection connection, long projectId, long syncId)
    {
        _connection = connection;
        _projectId = projectId;
        _syncId = syncId;
    }

    public static async Task<ListingRecorder> StartAsync(NpgsqlDataSource dataSource, long projectId, long syncId, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TEMP TABLE listed (location text NOT NULL)", cancellationToken: cancellationToken));
        return new ListingRecorder(connection, projectId, syncId);
    }

    public async Task<RecordedPage> RecordAsync(IReadOnlyList<StorageObject> page, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(RecordPage, _connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("locations", page.Select(o => o.Path.ToString()).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("etags", page.Select(o => o.ETag).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<long[]>("sizes", page.Select(o => o.Size).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateTime?[]>("modified", page.Select(o => o.LastModified?.UtcDateTime).ToArray())
            { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<long>("projectId", _projectId));
        command.Parameters.Add(new NpgsqlParameter<long>("syncId", _syncId));
        var added = new List<PendingObject>();
        var changed = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.IsDBNull(3))
                added.Add(new PendingObject(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2)));
            else if (reader.GetString(3) == "changed")
                changed++;
        }
        added.Sort((a, b) => a.Id.CompareTo(b.Id));
        return new RecordedPage(added, changed);
    }

    /// <summary>Once every location was listed in full: known objects that were not listed are reported removed (their tasks are kept).</summary>
    public async Task<int> MarkUnlistedRemovedAsync(CancellationToken cancellationToken)
    {
        await _connection.ExecuteAsync(new CommandDefinition("ANALYZE listed", cancellationToken: cancellationToken));
        return await _connection.ExecuteAsync(new CommandDefinition("""
            UPDATE dataset_objects o SET state = 'removed', state_changed_at = now()
            WHERE o.project_id = @projectId AND o.state <> 'removed'
              AND NOT EXISTS (SELECT 1 FROM listed l WHERE l.location = o.location)
            """, new { projectId = _projectId }, cancellationToken: cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _connection.ExecuteAsync("DROP TABLE IF EXISTS listed");
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // A cancelled statement can leave the connection broken; the pool discards it, temporary table included.
        }
        await _connection.DisposeAsync();
    }
}
