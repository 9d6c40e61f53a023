using Microsoft.Extensions.Options;
using Quartz;

namespace Labelit.Worker.Backups;

/// <summary>
/// Keeps the backup trigger in the clustered scheduler: every <see cref="BackupOptions.IntervalHours"/>
/// counted from midnight UTC (00:00 and 12:00 by default), so restarting a Worker neither postpones
/// nor repeats a backup. 0 turns scheduled backups off.
/// </summary>
public sealed class BackupSchedule(ISchedulerFactory schedulers, IOptions<BackupOptions> options, TimeProvider clock, ILogger<BackupSchedule> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var scheduler = await schedulers.GetScheduler(stoppingToken);
        var hours = options.Value.IntervalHours;
        var current = await scheduler.GetTrigger(BackupJob.Trigger, stoppingToken) as ISimpleTrigger;
        if (hours <= 0)
        {
            if (current is not null)
                await scheduler.UnscheduleJob(BackupJob.Trigger, stoppingToken);
            return;
        }
        var interval = TimeSpan.FromHours(hours);
        if (current is not null && current.RepeatInterval == interval)
            return;
        var trigger = TriggerBuilder.Create(clock)
            .WithIdentity(BackupJob.Trigger)
            .ForJob(BackupJob.Key)
            .StartAt(NextTick(clock.GetUtcNow(), interval))
            .WithSimpleSchedule(schedule => schedule.WithInterval(interval).RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();
        try
        {
            if (current is not null)
                await scheduler.RescheduleJob(BackupJob.Trigger, trigger, stoppingToken);
            else
                await scheduler.ScheduleJob(JobBuilder.Create<BackupJob>().WithIdentity(BackupJob.Key).Build(), trigger, new ScheduleJobOptions(), stoppingToken);
            logger.LogInformation("Backups run every {Interval}, next at {Next:O}", interval, trigger.StartTimeUtc);
        }
        catch (ObjectAlreadyExistsException)
        {
            // Another Worker scheduled it at the same moment: one trigger, as wanted.
        }
    }

    internal static DateTimeOffset NextTick(DateTimeOffset now, TimeSpan interval)
    {
        var midnight = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var ticks = (long)Math.Floor((now - midnight) / interval) + 1;
        return midnight + interval * ticks;
    }
}
