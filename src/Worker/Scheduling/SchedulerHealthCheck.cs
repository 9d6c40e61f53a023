using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace Labelit.Worker.Scheduling;

/// <summary>
/// The Worker's scheduler on /health: unhealthy while it is not running (this Worker then starts no
/// export, sync or backup), degraded while a schedule is in Quartz's error state (Quartz no longer
/// fires it), healthy otherwise.
/// </summary>
internal sealed class SchedulerHealthCheck(ISchedulerFactory schedulers) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var status = await scheduler.GetStatus(cancellationToken);
        if (status != SchedulerStatus.Running)
            return HealthCheckResult.Unhealthy($"The scheduler is {status}, not running: this Worker starts no scheduled export, sync or backup.");

        var triggers = await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.AnyGroup(), cancellationToken);
        var failed = new List<string>();
        foreach (var trigger in triggers)
        {
            if (await scheduler.GetTriggerState(trigger, cancellationToken) == TriggerState.Error)
                failed.Add(trigger.ToString());
        }
        var running = $"Running as {await scheduler.GetSchedulerInstanceId(cancellationToken)} with {triggers.Count} schedule(s).";
        return failed.Count == 0
            ? HealthCheckResult.Healthy(running)
            : HealthCheckResult.Degraded($"{failed.Count} schedule(s) in error, no longer fired: {string.Join(", ", failed.Order())}. " +
                $"The Worker's log says why. {running}");
    }
}
