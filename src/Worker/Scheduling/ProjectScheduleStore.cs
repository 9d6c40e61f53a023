using Dapper;
using Npgsql;

namespace Labelit.Worker.Scheduling;

/// <summary>
/// project_schedules: the due time of each project's next tick, per kind. It lives in PostgreSQL, not
/// in Redis, so that a tick is taken once (an atomic update) whatever Hangfire fires, and a Redis
/// emptied or replaced loses no schedule.
/// </summary>
public sealed class ProjectScheduleStore(NpgsqlDataSource dataSource)
{
    /// <summary>Active projects' intervals for <paramref name="schedule"/> (0, missing or not a number: none).</summary>
    public async Task<Dictionary<long, int>> WantedIntervalsAsync(ProjectSchedule schedule, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, string? Units)>(new CommandDefinition($"""
            SELECT p.id, ({schedule.IntervalSql}) FROM projects p
            WHERE p.deleted_at IS NULL AND p.status = 'Active'
            """, cancellationToken: cancellationToken));
        return rows
            .Select(r => (r.Id, Units: int.TryParse(r.Units, System.Globalization.CultureInfo.InvariantCulture, out var m) ? m : 0))
            .Where(r => r.Units > 0)
            .ToDictionary(r => r.Id, r => r.Units);
    }

    /// <summary>
    /// Makes the table hold exactly <paramref name="wanted"/> for this kind: a new or changed interval
    /// starts counting at <paramref name="firstTick"/>; an unchanged one keeps its due time.
    /// </summary>
    public async Task SetAsync(string kind, IReadOnlyDictionary<long, (TimeSpan Interval, DateTimeOffset FirstTick)> wanted, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var (projectId, (interval, firstTick)) in wanted)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO project_schedules (kind, project_id, interval_seconds, next_tick_at)
                VALUES (@kind, @projectId, @seconds, @firstTick)
                ON CONFLICT (kind, project_id) DO UPDATE SET
                    interval_seconds = EXCLUDED.interval_seconds,
                    next_tick_at = CASE WHEN project_schedules.interval_seconds = EXCLUDED.interval_seconds
                                        THEN project_schedules.next_tick_at ELSE EXCLUDED.next_tick_at END
                """, new { kind, projectId, seconds = (int)interval.TotalSeconds, firstTick }, transaction, cancellationToken: cancellationToken));
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM project_schedules WHERE kind = @kind AND NOT (project_id = ANY(@ids))",
            new { kind, ids = wanted.Keys.ToArray() }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Takes the project's tick if it is due: returns its due time and moves the next one an interval
    /// on (past any ticks missed while no Worker ran); null when none is due or another firing took it.
    /// </summary>
    public async Task<DateTimeOffset?> TakeDueTickAsync(string kind, long projectId, TimeSpan tolerance, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var due = await connection.QuerySingleOrDefaultAsync<DateTime?>(new CommandDefinition("""
            WITH due AS (
                SELECT kind, project_id, next_tick_at FROM project_schedules
                WHERE kind = @kind AND project_id = @projectId AND next_tick_at <= now() + @tolerance
                FOR UPDATE SKIP LOCKED)
            UPDATE project_schedules s SET next_tick_at = due.next_tick_at + make_interval(secs => s.interval_seconds *
                greatest(1, ceil(extract(epoch FROM now() - due.next_tick_at) / s.interval_seconds)))
            FROM due WHERE s.kind = due.kind AND s.project_id = due.project_id
            RETURNING due.next_tick_at
            """, new { kind, projectId, tolerance }, cancellationToken: cancellationToken));
        return due is { } utc ? new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)) : null;
    }
}
