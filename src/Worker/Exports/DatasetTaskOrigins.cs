using System.Text.Json;
using Dapper;
using Labelit.Export.Provenance;
using Labelit.Worker.LabelStudio;
using Npgsql;

namespace Labelit.Worker.Exports;

/// <summary>
/// The origin of each exported task, from the dataset sync's records: the object its meta names, the
/// sync that created its task, and the object's versions. LS exports tasks in id order and syncs create
/// them in object id order, so objects are read a window at a time ahead of the task asked for: one
/// query per window, and memory holds one window however large the project.
/// </summary>
public sealed class DatasetTaskOrigins(NpgsqlDataSource dataSource, long projectId, int windowSize = 2000) : ITaskOrigins
{
    private sealed record ObjectRow(long Id, string Location, string? ETag, DateTime? LastModified, long? ImportSyncId);

    private sealed record VersionRow(long ObjectId, string? ETag, DateTime? LastModified, DateTime ReplacedAt);

    private Dictionary<long, TaskOrigin> _window = [];
    private long _windowStart = long.MaxValue;
    private long _windowEnd = long.MinValue;

    public async ValueTask<TaskOrigin?> FindAsync(JsonElement task, CancellationToken cancellationToken)
    {
        if (ObjectIdOf(task) is not { } objectId)
            return null;
        if (objectId < _windowStart || objectId > _windowEnd)
            await ReadWindowAsync(objectId, cancellationToken);
        return _window.GetValueOrDefault(objectId);
    }

    private static long? ObjectIdOf(JsonElement task) =>
        task.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object
        && meta.TryGetProperty(LabelStudioTasks.ObjectIdMetaKey, out var id) && id.TryGetInt64(out var value) ? value : null;

    private async Task ReadWindowAsync(long from, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var objects = (await connection.QueryAsync<ObjectRow>(new CommandDefinition("""
            SELECT id AS Id, location AS Location, etag AS ETag, last_modified AS LastModified, import_sync_id AS ImportSyncId
            FROM dataset_objects WHERE project_id = @projectId AND id >= @from ORDER BY id LIMIT @windowSize
            """, new { projectId, from, windowSize }, cancellationToken: cancellationToken))).ToList();
        var ids = objects.Select(o => o.Id).ToArray();
        var versions = (await connection.QueryAsync<VersionRow>(new CommandDefinition("""
            SELECT object_id AS ObjectId, etag AS ETag, last_modified AS LastModified, replaced_at AS ReplacedAt
            FROM dataset_object_versions WHERE object_id = ANY(@ids) ORDER BY object_id, replaced_at
            """, new { ids }, cancellationToken: cancellationToken))).ToLookup(v => v.ObjectId);

        _window = objects.ToDictionary(o => o.Id, o => new TaskOrigin(o.Location, o.ImportSyncId, Versions(o, versions[o.Id].ToList())));
        _windowStart = from;
        // A full window ends at its last object; a short one reached the project's last object.
        _windowEnd = objects.Count == windowSize ? objects[^1].Id : long.MaxValue;
    }

    /// <summary>
    /// Oldest first. A version was shown from when storage wrote it (its last-modified time) or, when
    /// storage gave none, from when a sync saw the version before it replaced.
    /// </summary>
    private static List<StorageVersion> Versions(ObjectRow current, List<VersionRow> replaced)
    {
        var versions = new List<StorageVersion>(replaced.Count + 1);
        DateTimeOffset? since = null;
        for (var i = 0; i <= replaced.Count; i++)
        {
            var (etag, modified) = i < replaced.Count ? (replaced[i].ETag, replaced[i].LastModified) : (current.ETag, current.LastModified);
            if (i > 0)
                since = modified is { } written ? Utc(written) : Utc(replaced[i - 1].ReplacedAt);
            versions.Add(new StorageVersion(etag, since));
        }
        return versions;
    }

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
