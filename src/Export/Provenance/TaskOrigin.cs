namespace Labelit.Export.Provenance;

/// <summary>One version of a storage object: its ETag (or generation), and from when its task
/// showed it (null for the version the task was created from).</summary>
public sealed record StorageVersion(string? ETag, DateTimeOffset? Since);

/// <summary>Where a task came from: the storage object it shows, the dataset sync that created
/// it, and every version of the object a sync has seen, oldest first (the last is the current one).</summary>
public sealed record TaskOrigin(string Location, long? CreatedBySync, IReadOnlyList<StorageVersion> Versions)
{
    public StorageVersion Current => Versions[^1];

    /// <summary>The version storage held at <paramref name="time"/>: the one an annotation made then was made on.</summary>
    public StorageVersion VersionAt(DateTimeOffset time)
    {
        for (var i = Versions.Count - 1; i > 0; i--)
        {
            if (Versions[i].Since is not { } since || since <= time)
                return Versions[i];
        }
        return Versions[0];
    }
}

/// <summary>Finds the origin of each exported task (the Worker reads it from the dataset sync's records).</summary>
public interface ITaskOrigins
{
    /// <summary>The task's origin, or null when it did not come from a dataset sync (imported into LS directly).</summary>
    ValueTask<TaskOrigin?> FindAsync(System.Text.Json.JsonElement task, CancellationToken cancellationToken);
}
