using System.Threading.Channels;
using Hangfire;
using Hangfire.Storage;
using Labelit.Data.Jobs;
using Labelit.Data.Changes;
using Microsoft.Extensions.Options;

namespace Labelit.Worker.Scheduling;

/// <summary>
/// Derives the schedules from the projects table: one Hangfire recurring job per active project and
/// <see cref="ProjectSchedule"/> ("export:42"), its due times in project_schedules. Runs when a project
/// changes (NOTIFY labelit_changes) and every ResyncInterval, on every Worker (the writes are
/// idempotent), so schedules Redis lost come back within that interval.
/// </summary>
public sealed class ProjectScheduleSync(
    IRecurringJobManager recurringJobs,
    JobStorage storage,
    ProjectScheduleStore store,
    ChangeNotices notices,
    IEnumerable<ProjectSchedule> schedules,
    IOptions<SchedulingOptions> options,
    TimeProvider clock,
    ILogger<ProjectScheduleSync> logger) : BackgroundService
{
    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = notices.Subscribe(notice =>
        {
            if (notice.Table == "projects")
                _changed.Writer.TryWrite(true);
        }, () => _changed.Writer.TryWrite(true));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var schedule in schedules)
                    await SyncAsync(schedule, stoppingToken);
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                // Redis or PostgreSQL away: the next round (or notice) tries again.
                logger.LogError("Could not bring the project schedules in step with the projects table: {Error}", e.Message);
            }
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            tick.CancelAfter(options.Value.ResyncInterval);
            try
            {
                await _changed.Reader.ReadAsync(tick.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    internal async Task SyncAsync(ProjectSchedule schedule, CancellationToken cancellationToken)
    {
        var unit = options.Value.IntervalUnit;
        var now = clock.GetUtcNow();
        var wanted = (await store.WantedIntervalsAsync(schedule, cancellationToken))
            .ToDictionary(p => p.Key, p => unit * p.Value);
        await store.SetAsync(schedule.Kind, wanted.ToDictionary(p => p.Key, p => (p.Value, FirstTick(p.Value, unit, now))), cancellationToken);

        foreach (var (projectId, interval) in wanted)
        {
            recurringJobs.AddOrUpdate<IProjectTickJob>(schedule.RecurringJobId(projectId),
                job => job.FireAsync(schedule.Kind, projectId, CancellationToken.None),
                IntervalCron.For(interval, unit), new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }
        using var connection = storage.GetConnection();
        foreach (var stale in connection.GetRecurringJobs()
            .Where(job => job.Id.StartsWith(schedule.Kind + ":", StringComparison.Ordinal))
            .Where(job => !long.TryParse(job.Id[(schedule.Kind.Length + 1)..], out var id) || !wanted.ContainsKey(id)))
        {
            recurringJobs.RemoveIfExists(stale.Id);
            logger.LogInformation("Removed the schedule {Job}", stale.Id);
        }
    }

    /// <summary>
    /// The first tick of a new schedule: where the cron says the interval exactly, its next firing (the
    /// next multiple of the interval since midnight UTC, as such intervals divide a day); else one interval on.
    /// </summary>
    internal static DateTimeOffset FirstTick(TimeSpan interval, TimeSpan unit, DateTimeOffset now)
    {
        if (IntervalCron.For(interval, unit) is "* * * * *" or "* * * * * *")
            return now + interval;
        var midnight = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        return midnight + interval * ((long)Math.Floor((now - midnight) / interval) + 1);
    }
}
