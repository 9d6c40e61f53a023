using System.Text.Json;
using Dapper;
using Labelit.Web.Audit;
using Npgsql;

namespace Labelit.Web.Exports;

/// <summary>One export run as the project page shows it.</summary>
public sealed record ExportRunView
{
    public long Id { get; init; }
    public string Trigger { get; init; } = "";
    public string Status { get; init; } = "";
    public int Attempt { get; init; }
    public DateTime RequestedAt { get; init; }
    public DateTime? StartedAt { get; init; }
    public DateTime? FinishedAt { get; init; }
    public DateTime NextAttemptAt { get; init; }
    public int? TaskCount { get; init; }
    public int? AnnotationCount { get; init; }
    public long? Bytes { get; init; }
    public string FilesJson { get; init; } = "[]";
    public string? Destination { get; init; }
    public string? Location { get; init; }
    public string? Error { get; init; }
    public string? RequestedByName { get; init; }

    public bool IsLocal => Destination == "local";

    public TimeSpan? Duration => StartedAt is { } start && FinishedAt is { } end ? end - start : null;

    public IReadOnlyList<string> FileNames =>
        JsonDocument.Parse(FilesJson).RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString() ?? "").ToList();
}

/// <summary>Export runs for Web: the history on the project page, "Export now", and the run a download names.</summary>
public sealed class ExportHistory(NpgsqlDataSource dataSource, AuditLog audit)
{
    private const string Columns = """
        r.id AS Id, r.trigger AS Trigger, r.status AS Status, r.attempt AS Attempt, r.requested_at AS RequestedAt,
        r.started_at AS StartedAt, r.finished_at AS FinishedAt, r.next_attempt_at AS NextAttemptAt, r.task_count AS TaskCount,
        r.annotation_count AS AnnotationCount, r.bytes AS Bytes, r.files::text AS FilesJson, r.destination AS Destination,
        r.location AS Location, r.error AS Error, u.display_name AS RequestedByName
        """;

    public async Task<IReadOnlyList<ExportRunView>> ListAsync(long projectId, int limit = 20, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<ExportRunView>(new CommandDefinition($"""
            SELECT {Columns} FROM export_runs r LEFT JOIN users u ON u.id = r.requested_by
            WHERE r.project_id = @projectId ORDER BY r.id DESC LIMIT @limit
            """, new { projectId, limit }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<ExportRunView?> FindAsync(long projectId, long runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ExportRunView>(new CommandDefinition($"""
            SELECT {Columns} FROM export_runs r LEFT JOIN users u ON u.id = r.requested_by
            WHERE r.project_id = @projectId AND r.id = @runId
            """, new { projectId, runId }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Queues a manual run (the Worker hears the insert through NOTIFY and starts it at once).
    /// False when a run of the project is already queued or running: one is enough.
    /// </summary>
    public async Task<bool> RequestAsync(long projectId, long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var queued = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO export_runs (project_id, trigger, requested_by) VALUES (@projectId, 'manual', @userId)
            ON CONFLICT (project_id) WHERE status IN ('queued', 'running') DO NOTHING
            """, new { projectId, userId }, cancellationToken: cancellationToken)) == 1;
        if (queued)
            await audit.WriteAsync(userId, "export.requested", "project", projectId, "Requested an export now");
        return queued;
    }
}
