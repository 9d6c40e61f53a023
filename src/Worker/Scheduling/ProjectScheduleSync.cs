using Labelit.Data.Changes;
using System.Text.Json;
using System.Threading.Channels;
using Dapper;
using Labelit.Worker.Instances;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace Labelit.Worker.Scheduling;

/// <summary>
/// Keeps one trigger per active project for each <see cref="ProjectIntervalJob"/>, with the project's
/// interval: adds, reschedules and removes triggers when a project changes (NOTIFY labelit_changes) and
/// on every ResyncInterval. Every Worker runs it; the triggers live in the shared job store, so the
/// last writer wins and each tick still fires once in the cluster.
/// </summary>
public sealed class ProjectScheduleSync(
    ISchedulerFactory schedulers,
    ChangeNotices notices,
    IEnumerable<ProjectIntervalJob> jobs,
    NpgsqlDataSource dataSource,
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
                var scheduler = await schedulers.GetScheduler(stoppingToken);
                foreach (var job in jobs)
                    await SyncAsync(scheduler, job, stoppingToken);
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                logger.LogError(e, "Failed to bring the project schedules in step with the projects table");
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

    internal async Task SyncAsync(IScheduler scheduler, ProjectIntervalJob job, CancellationToken cancellationToken)
    {
        var wanted = await IntervalsAsync(job, cancellationToken);
        var existing = await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.GroupEquals(job.Name), cancellationToken);
        foreach (var key in existing)
        {
            var projectId = ProjectIdOf(job, key);
            if (projectId is null || !wanted.ContainsKey(projectId.Value))
            {
                await scheduler.UnscheduleJob(key, cancellationToken);
                logger.LogInformation("Removed the {Job} schedule of project {Project}", job.Name, projectId);
            }
        }
        foreach (var (projectId, minutes) in wanted)
        {
            var interval = options.Value.IntervalUnit * minutes;
            var current = await scheduler.GetTrigger(job.TriggerKey(projectId), cancellationToken) as ISimpleTrigger;
            if (current is not null && current.RepeatInterval == interval)
                continue;
            var trigger = BuildTrigger(job, projectId, interval);
            if (current is not null)
            {
                await scheduler.RescheduleJob(current.Key, trigger, cancellationToken);
                logger.LogInformation("Project {Project}'s {Job} now runs every {Interval}", projectId, job.Name, interval);
                continue;
            }
            var detail = JobBuilder.Create().OfType(job.JobType)
                .WithIdentity(job.JobKey(projectId))
                .UsingJobData(ProjectIntervalJobs.ProjectIdKey, projectId.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Build();
            try
            {
                await scheduler.ScheduleJob(detail, trigger, new ScheduleJobOptions(), cancellationToken);
                logger.LogInformation("Project {Project}'s {Job} runs every {Interval}", projectId, job.Name, interval);
            }
            catch (ObjectAlreadyExistsException)
            {
                // Another Worker scheduled it at the same moment: one trigger, as wanted.
            }
        }
    }

    private ITrigger BuildTrigger(ProjectIntervalJob job, long projectId, TimeSpan interval) =>
        TriggerBuilder.Create(clock)
            .WithIdentity(job.TriggerKey(projectId))
            .ForJob(job.JobKey(projectId))
            .StartAt(clock.GetUtcNow() + interval)
            // A Worker that was down skips the ticks it missed and runs at the next one.
            .WithSimpleSchedule(schedule => schedule.WithInterval(interval).RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();

    private async Task<Dictionary<long, int>> IntervalsAsync(ProjectIntervalJob job, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, string? Minutes)>(new CommandDefinition($"""
            SELECT p.id, ({job.IntervalMinutesSql}) FROM projects p
            WHERE p.deleted_at IS NULL AND p.status = 'Active'
            """, cancellationToken: cancellationToken));
        return rows
            .Select(r => (r.Id, Minutes: int.TryParse(r.Minutes, System.Globalization.CultureInfo.InvariantCulture, out var m) ? m : 0))
            .Where(r => r.Minutes > 0)
            .ToDictionary(r => r.Id, r => r.Minutes);
    }

    private static long? ProjectIdOf(ProjectIntervalJob job, TriggerKey key) =>
        key.Name.StartsWith(job.Name + "-", StringComparison.Ordinal) && long.TryParse(key.Name[(job.Name.Length + 1)..], out var id) ? id : null;
}
