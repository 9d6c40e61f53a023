namespace Labelit.Worker.Scheduling;

/// <summary>
/// Work done for each active project every N units, N read from the project's row by
/// <see cref="IntervalSql"/> (0, missing or not a number: not scheduled).
/// </summary>
/// <param name="Kind">Names the Hangfire recurring job of each project ("export" -> "export:42").</param>
/// <param name="IntervalSql">A SQL expression over <c>projects p</c> giving the interval as text, e.g. <c>p.export_settings->>'intervalMinutes'</c>.</param>
/// <param name="TickType">The <see cref="IProjectTick"/> that does the work of one tick.</param>
public sealed record ProjectSchedule(string Kind, string IntervalSql, Type TickType)
{
    public string RecurringJobId(long projectId) => $"{Kind}:{projectId}";
}

/// <summary>What one tick of a project's schedule does; keep it thin: queue a run, let a tested service do it.</summary>
public interface IProjectTick
{
    /// <param name="tick">When this tick was due: unique per tick, so logs and runs can name it.</param>
    Task FireAsync(long projectId, DateTimeOffset tick, CancellationToken cancellationToken);
}
