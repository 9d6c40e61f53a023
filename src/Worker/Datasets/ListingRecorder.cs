using Dapper;
using Labelit.Plugins;
using Npgsql;
using NpgsqlTypes;

namespace Labelit.Worker.Datasets;

/// <summary>What one listed page changed: its new objects, already recorded as being imported by this sync, and how many known objects changed.</summary>
public sealed record RecordedPage(IReadOnlyList<PendingObject> Added, int Changed);

/// <summary>
/// Records a sync's listing page by page, as it arrives, so new objects can go to LS while the
/// listing goes on. Each page is one prepared statement that keeps its locations for the removal
/// check, inserts unknown objects, and flags known ones whose ETag changed; unchanged objects are
/// not rewritten, so a re-sync of a large bucket costs little more than its listing.
/// </summary>
public sealed class ListingRecorder : IAsyncDisposable
{
    // Each listed object is looked up once, through the (project_id, location) index (LIMIT 1 keeps the
    // lookup a per-row index probe, whatever the planner's statistics say about a project's size).
    // Only the project's one running sync inserts its objects, so the insert needs no ON CONFLICT clause,
    // whose speculative insertion cost a sixth of the statement's time.
    private const string RecordPage = """
        WITH page AS MATERIALIZED (
            SELECT DISTINCT ON (location) location, etag, size, last_modified
            FROM unnest(@locations, @etags, @sizes, @modified) AS p(location, etag, size, last_modified)
            ORDER BY location),
        seen AS (INSERT INTO listed (location) SELECT location FROM page),
        compared AS MATERIALIZED (
            -- A known object's next state: an imported object with another ETag is flagged changed (its task
            -- is kept), again at each new ETag; a removed object that is back is known again; null leaves an
            -- unchanged object untouched.
            SELECT p.*, o.id AS known_id, o.etag AS known_etag, o.size AS known_size, o.last_modified AS known_modified,
                   CASE WHEN o.imported_at IS NOT NULL AND o.state IN ('imported', 'removed', 'changed') AND o.etag <> p.etag THEN 'changed'
                        WHEN o.state = 'removed' THEN CASE WHEN o.imported_at IS NULL THEN 'new' ELSE 'imported' END
                   END AS next_state
            FROM page p LEFT JOIN LATERAL (
                SELECT id, state, etag, size, last_modified, imported_at FROM dataset_objects o
                WHERE o.project_id = @projectId AND o.location = p.location LIMIT 1) o ON true),
        -- The version a changed object's task showed until now, kept for provenance in exports.
        replaced AS (
            INSERT INTO dataset_object_versions (object_id, etag, size, last_modified, replaced_by_sync)
            SELECT known_id, known_etag, known_size, known_modified, @syncId FROM compared WHERE next_state = 'changed'),
        added AS (
            INSERT INTO dataset_objects (project_id, location, etag, size, last_modified, state, import_sync_id)
            SELECT @projectId, location, etag, size, last_modified, 'importing', @syncId FROM compared WHERE known_id IS NULL
            ORDER BY location
            RETURNING id, location, size),
        known AS (
            UPDATE dataset_objects o SET etag = c.etag, size = c.size, last_modified = c.last_modified,
                   state = c.next_state, state_changed_at = now()
            FROM compared c
            -- Found by id, one index probe each: a join on c.known_id alone let PostgreSQL read every project's objects.
            WHERE o.id = ANY (ARRAY(SELECT known_id FROM compared WHERE next_state IS NOT NULL))
              AND o.id = c.known_id AND c.next_state IS NOT NULL
            RETURNING o.state)
        SELECT id, location, size, NULL AS state FROM added
        UNION ALL SELECT NULL, NULL, NULL, state FROM known
        """;

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlCommand _record;
    private readonly long _projectId;

    private ListingRecorder(NpgsqlConnection connection, NpgsqlCommand record, long projectId)
    {
        _connection = connection;
        _record = record;
        _projectId = projectId;
    }

    public static async Task<ListingRecorder> StartAsync(NpgsqlDataSource dataSource, long projectId, long syncId, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TEMP TABLE listed (location text NOT NULL)", cancellationToken: cancellationToken));
        var record = new NpgsqlCommand(RecordPage, connection);
        record.Parameters.Add(new NpgsqlParameter<string[]>("locations", NpgsqlDbType.Array | NpgsqlDbType.Text));
        record.Parameters.Add(new NpgsqlParameter<string?[]>("etags", NpgsqlDbType.Array | NpgsqlDbType.Text));
        record.Parameters.Add(new NpgsqlParameter<long[]>("sizes", NpgsqlDbType.Array | NpgsqlDbType.Bigint));
        record.Parameters.Add(new NpgsqlParameter<DateTime?[]>("modified", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz));
        record.Parameters.Add(new NpgsqlParameter<long>("projectId", NpgsqlDbType.Bigint) { TypedValue = projectId });
        record.Parameters.Add(new NpgsqlParameter<long>("syncId", NpgsqlDbType.Bigint) { TypedValue = syncId });
        await record.PrepareAsync(cancellationToken); // planned once per sync, not once per page
        return new ListingRecorder(connection, record, projectId);
    }

    public async Task<RecordedPage> RecordAsync(IReadOnlyList<StorageObject> page, CancellationToken cancellationToken)
    {
        ((NpgsqlParameter<string[]>)_record.Parameters[0]).TypedValue = page.Select(o => o.Path.ToString()).ToArray();
        ((NpgsqlParameter<string?[]>)_record.Parameters[1]).TypedValue = page.Select(o => o.ETag).ToArray();
        ((NpgsqlParameter<long[]>)_record.Parameters[2]).TypedValue = page.Select(o => o.Size).ToArray();
        ((NpgsqlParameter<DateTime?[]>)_record.Parameters[3]).TypedValue = page.Select(o => o.LastModified?.UtcDateTime).ToArray();
        try
        {
            return await ReadRecordedAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Two runs of one project: a run taken over from a Worker that stopped answering, while that Worker still worked.
            throw new InvalidOperationException("Another sync of this project recorded the same objects at the same time. " +
                "Nothing was recorded twice; the next sync goes on from what was recorded.", e);
        }
    }

    private async Task<RecordedPage> ReadRecordedAsync(CancellationToken cancellationToken)
    {
        var added = new List<PendingObject>();
        var changed = 0;
        await using var reader = await _record.ExecuteReaderAsync(cancellationToken);
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
        // Indexed, the listing is never scanned once per object, whatever the planner believes. On a
        // project's first syncs its statistics may count one object (they know only other projects'),
        // and without the index PostgreSQL then compared every object with every listed location:
        // 20,000 objects took 15 s, growing with the square.
        await _connection.ExecuteAsync(new CommandDefinition("CREATE INDEX ON listed (location); ANALYZE listed", cancellationToken: cancellationToken));
        return await _connection.ExecuteAsync(new CommandDefinition("""
            UPDATE dataset_objects o SET state = 'removed', state_changed_at = now()
            WHERE o.project_id = @projectId AND o.state <> 'removed'
              AND NOT EXISTS (SELECT 1 FROM listed l WHERE l.location = o.location)
            """, new { projectId = _projectId }, cancellationToken: cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        await _record.DisposeAsync();
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
