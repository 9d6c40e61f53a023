using Dapper;
using Labelit.Plugins;
using Npgsql;
using NpgsqlTypes;

namespace Labelit.Worker.Datasets;

/// <summary>What a finished listing changed in the project's dataset.</summary>
public sealed record ListingOutcome(int Added, int Changed, int Removed);

/// <summary>
/// Everything one sync lists, streamed into a temporary table with binary COPY as pages arrive, then
/// compared with the project's known objects in a few set-based statements. Unchanged objects are not
/// rewritten, so a re-sync of a large bucket costs little more than its listing.
/// </summary>
public sealed class ListingSnapshot : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly long _projectId;

    private ListingSnapshot(NpgsqlConnection connection, long projectId)
    {
        _connection = connection;
        _projectId = projectId;
    }

    public static async Task<ListingSnapshot> StartAsync(NpgsqlDataSource dataSource, long projectId, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            CREATE TEMP TABLE listed (location text NOT NULL, etag text, size bigint NOT NULL, last_modified timestamptz)
            """, cancellationToken: cancellationToken));
        return new ListingSnapshot(connection, projectId);
    }

    public async Task AddAsync(IReadOnlyList<StorageObject> page, CancellationToken cancellationToken)
    {
        await using var copy = await _connection.BeginBinaryImportAsync(
            "COPY listed (location, etag, size, last_modified) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var item in page)
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(item.Path.ToString(), NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(item.ETag, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(item.Size, NpgsqlDbType.Bigint, cancellationToken);
            if (item.LastModified is { } modified)
                await copy.WriteAsync(modified.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
            else
                await copy.WriteNullAsync(cancellationToken);
        }
        await copy.CompleteAsync(cancellationToken);
    }

    /// <summary>
    /// Unknown objects become new; an imported object with another ETag is flagged changed; a removed
    /// object that is back is known again; a known object that was not listed is reported removed.
    /// </summary>
    public async Task<ListingOutcome> CompareAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await _connection.BeginTransactionAsync(cancellationToken);
        var parameters = new { projectId = _projectId };
        await _connection.ExecuteAsync(new CommandDefinition("""
            CREATE INDEX ON listed (location);
            ANALYZE listed;
            """, transaction: transaction, cancellationToken: cancellationToken));
        var added = await _connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO dataset_objects (project_id, location, etag, size, last_modified)
            SELECT DISTINCT ON (l.location) @projectId, l.location, l.etag, l.size, l.last_modified FROM listed l
            WHERE NOT EXISTS (SELECT 1 FROM dataset_objects o WHERE o.project_id = @projectId AND o.location = l.location)
            ORDER BY l.location
            """, parameters, transaction, cancellationToken: cancellationToken));
        var changed = await _connection.ExecuteAsync(new CommandDefinition("""
            UPDATE dataset_objects o SET etag = l.etag, size = l.size, last_modified = l.last_modified,
                   state = 'changed', state_changed_at = now()
            FROM listed l
            WHERE o.project_id = @projectId AND o.location = l.location AND o.imported_at IS NOT NULL
              AND o.state IN ('imported', 'removed') AND o.etag IS DISTINCT FROM l.etag AND o.etag IS NOT NULL AND l.etag IS NOT NULL
            """, parameters, transaction, cancellationToken: cancellationToken));
        await _connection.ExecuteAsync(new CommandDefinition("""
            UPDATE dataset_objects o SET etag = l.etag, size = l.size, last_modified = l.last_modified,
                   state = CASE WHEN o.imported_at IS NULL THEN 'new' ELSE 'imported' END, state_changed_at = now()
            FROM listed l
            WHERE o.project_id = @projectId AND o.location = l.location AND o.state = 'removed'
            """, parameters, transaction, cancellationToken: cancellationToken));
        var removed = await _connection.ExecuteAsync(new CommandDefinition("""
            UPDATE dataset_objects o SET state = 'removed', state_changed_at = now()
            WHERE o.project_id = @projectId AND o.state <> 'removed'
              AND NOT EXISTS (SELECT 1 FROM listed l WHERE l.location = o.location)
            """, parameters, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new ListingOutcome(added, changed, removed);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _connection.ExecuteAsync("DROP TABLE IF EXISTS listed");
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // A cancelled COPY can leave the connection broken; the pool discards it, temporary table included.
        }
        await _connection.DisposeAsync();
    }
}
