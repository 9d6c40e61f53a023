using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Labelit.Worker.Scheduling;

/// <summary>
/// The Worker's schedules on /health: unhealthy while Redis does not answer or this Worker's Hangfire
/// server is not running (it then starts no scheduled export, sync or backup), degraded while a
/// schedule is in error (Hangfire no longer fires it), healthy otherwise.
/// </summary>
internal sealed class SchedulerHealthCheck(JobStorage storage, IOptions<Instances.InstanceOptions> instances) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var workerId = instances.Value.WorkerId;
            var server = storage.GetMonitoringApi().Servers().FirstOrDefault(s => s.Name.StartsWith(workerId + ":", StringComparison.OrdinalIgnoreCase));
            if (server is null)
                return Task.FromResult(HealthCheckResult.Unhealthy(
                    $"The job server of {workerId} is not running: this Worker starts no scheduled export, sync or backup."));
            using var connection = storage.GetConnection();
            var schedules = connection.GetRecurringJobs();
            var failed = schedules.Where(job => job.Error is not null || job.LoadException is not null).Select(job => job.Id).Order().ToList();
            var running = $"Running as {server.Name} with {schedules.Count} schedule(s).";
            return Task.FromResult(failed.Count == 0
                ? HealthCheckResult.Healthy(running)
                : HealthCheckResult.Degraded($"{failed.Count} schedule(s) in error, no longer fired: {string.Join(", ", failed)}. " +
                    $"The jobs dashboard (/admin/jobs) says why. {running}"));
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(
                $"Redis, which holds the job schedules, does not answer ({e.Message}); schedules come back by themselves once it does."));
        }
    }
}
