using Microsoft.Extensions.Options;

namespace Labelit.Worker.Scheduling;

/// <summary>
/// The Hangfire recurring job of every project schedule ("export:42" calls FireAsync("export", 42)).
/// Its arguments are a kind and an id, never objects, so a job stored by an older version still runs.
/// </summary>
public sealed class ProjectTickJob(
    ProjectScheduleStore store,
    IEnumerable<ProjectSchedule> schedules,
    IServiceProvider services,
    IOptions<SchedulingOptions> options,
    ILogger<ProjectTickJob> logger)
{
    // A tick that fails is not retried: the next firing of the schedule is the retry.
    [Hangfire.AutomaticRetry(Attempts = 0)]
    public async Task FireAsync(string kind, long projectId, CancellationToken cancellationToken)
    {
        var schedule = schedules.SingleOrDefault(s => s.Kind == kind);
        if (schedule is null)
        {
            // A recurring job of a kind this version no longer has: the next resync removes it.
            logger.LogWarning("Ignored a {Kind} tick of project {Project}: no such schedule in this version", kind, projectId);
            return;
        }
        var tolerance = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(2).Ticks, options.Value.IntervalUnit.Ticks / 4));
        if (await store.TakeDueTickAsync(kind, projectId, tolerance, cancellationToken) is not { } tick)
            return; // not due yet (a cron that fires every unit), or the project's schedule is gone
        var work = (IProjectTick)services.GetRequiredService(schedule.TickType);
        await work.FireAsync(projectId, tick, cancellationToken);
    }
}
