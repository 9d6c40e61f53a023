using Dapper;
using Labelit.Web.Audit;
using Npgsql;

namespace Labelit.Web.Datasets;

/// <summary>One sync run as the UI and the API show it.</summary>
public sealed record DatasetSync
{
    public long Id { get; init; }
    public string Trigger { get; init; } = "";
    public string? RequestedBy { get; init; }
    public DateTime RequestedAt { get; init; }
    public string Status { get; init; } = "";
    public DateTime? StartedAt { get; init; }
    public DateTime? FinishedAt { get; init; }
    public bool CancelRequested { get; init; }
    public int Listed { get; init; }
    public int Added { get; init; }
    public int Changed { get; init; }
    public int Removed { get; init; }
    public int ToImport { get; init; }
    public int Imported { get; init; }
    public string? Error { get; init; }

    public bool IsActive => Status is "queued" or "running";
}

/// <summary>How many of the project's storage objects are in each state.</summary>
public sealed record DatasetCounts(int Total, int Imported, int Waiting, int Changed, int Removed);

/// <summary>An object the UI lists because it changed or disappeared after its task was made.</summary>
public sealed record FlaggedObject(long Id, string Location, string State, DateTime StateChangedAt);

/// <summary>Starts, cancels and reports dataset syncs; the Worker runs them (it hears the insert at once).</summary>
public sealed class DatasetSyncs(NpgsqlDataSource dataSource, AuditLog audit)
{
    private const string Columns = """
        s.id AS Id, s.trigger AS Trigger, u.display_name AS RequestedBy, s.requested_at AS RequestedAt, s.status AS Status,
        s.started_at AS StartedAt, s.finished_at AS FinishedAt, s.cancel_requested AS CancelRequested, s.listed AS Listed,
        s.added AS Added, s.changed AS Changed, s.removed AS Removed, s.to_import AS ToImport, s.imported AS Imported, s.error AS Error
        """;

    /// <summary>Queues a sync, or returns the one already queued or running (a double click starts one run).</summary>
    public async Task<DatasetSync> RequestAsync(long projectId, long userId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var queued = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO dataset_syncs (project_id, trigger, requested_by) VALUES (@projectId, 'manual', @userId)
            ON CONFLICT DO NOTHING
            """, new { projectId, userId }, cancellationToken: cancellationToken)) == 1;
        if (queued)
            await audit.WriteAsync(userId, "sync requested", "project", projectId, "Requested a dataset sync");
        return (await LatestAsync(projectId, cancellationToken))!;
    }

    /// <summary>Asks the running or queued sync to stop; false when none is.</summary>
    public async Task<bool> CancelAsync(long projectId, long userId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // A queued run has not started: it is cancelled here. A running one stops at its next page.
        var cancelled = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE dataset_syncs SET cancel_requested = true,
                   status = CASE WHEN status = 'queued' THEN 'cancelled' ELSE status END,
                   finished_at = CASE WHEN status = 'queued' THEN now() ELSE finished_at END
            WHERE project_id = @projectId AND status IN ('queued', 'running')
            """, new { projectId }, cancellationToken: cancellationToken)) > 0;
        if (cancelled)
            await audit.WriteAsync(userId, "sync cancelled", "project", projectId, "Cancelled the dataset sync");
        return cancelled;
    }

    /// <summary>Files a person uploaded into the project's dataset, for the audit log.</summary>
    public Task RecordUploadAsync(long projectId, long userId, IReadOnlyCollection<string> fileNames) =>
        audit.WriteAsync(userId, "uploaded", "project", projectId,
            $"Uploaded {fileNames.Count} file{(fileNames.Count == 1 ? "" : "s")}: {string.Join(", ", fileNames.Take(20))}{(fileNames.Count > 20 ? ", ..." : "")}");

    public async Task<DatasetSync?> LatestAsync(long projectId, CancellationToken cancellationToken) =>
        (await RecentAsync(projectId, 1, cancellationToken)).FirstOrDefault();

    public async Task<IReadOnlyList<DatasetSync>> RecentAsync(long projectId, int count, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<DatasetSync>(new CommandDefinition($"""
            SELECT {Columns} FROM dataset_syncs s LEFT JOIN users u ON u.id = s.requested_by
            WHERE s.project_id = @projectId ORDER BY s.id DESC LIMIT @count
            """, new { projectId, count }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<DatasetCounts> CountsAsync(long projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<DatasetCounts>(new CommandDefinition("""
            SELECT count(*)::int AS Total,
                   count(*) FILTER (WHERE state = 'imported')::int AS Imported,
                   count(*) FILTER (WHERE state IN ('new', 'importing'))::int AS Waiting,
                   count(*) FILTER (WHERE state = 'changed')::int AS Changed,
                   count(*) FILTER (WHERE state = 'removed')::int AS Removed
            FROM dataset_objects WHERE project_id = @projectId
            """, new { projectId }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<FlaggedObject>> FlaggedAsync(long projectId, int count, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<FlaggedObject>(new CommandDefinition("""
            SELECT id AS Id, location AS Location, state AS State, state_changed_at AS StateChangedAt FROM dataset_objects
            WHERE project_id = @projectId AND state IN ('changed', 'removed') ORDER BY state, location LIMIT @count
            """, new { projectId, count }, cancellationToken: cancellationToken))).ToList();
    }
}
