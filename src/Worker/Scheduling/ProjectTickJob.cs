using Labelit.Data.Jobs;
using Microsoft.Extensions.Options;

namespace Labelit.Worker.Scheduling;

/// <summary>The Hangfire recurring job of every project schedule (<see cref="IProjectTickJob"/>).</summary>
public sealed class ProjectTickJob(
    ProjectScheduleStore store,
    IEnumerable<ProjectSchedule> schedules,
    IServiceProvider services,
    IOptions<SchedulingOptions> options,
    ILogger<ProjectTickJob> logger) : IProjectTickJob
{
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
