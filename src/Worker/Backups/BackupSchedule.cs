using Hangfire;
using Labelit.Data.Jobs;
using Microsoft.Extensions.Options;

namespace Labelit.Worker.Backups;

/// <summary>
/// Keeps the backup recurring job: every <see cref="BackupOptions.IntervalHours"/> counted from
/// midnight UTC (00:00 and 12:00 by default), so restarting a Worker neither postpones nor repeats a
/// backup. Re-applied every resync interval, so it comes back by itself if Redis lost it.
/// </summary>
public sealed class BackupSchedule(IRecurringJobManager recurringJobs, IOptions<BackupOptions> options,
    IOptions<Scheduling.SchedulingOptions> scheduling, ILogger<BackupSchedule> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var cron = Cron(options.Value.IntervalHours);
        var announced = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                recurringJobs.AddOrUpdate<IBackupJob>(BackupJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), cron,
                    new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
                if (!announced)
                    logger.LogInformation("Backups run every {Hours} h from midnight UTC ({Cron})", options.Value.IntervalHours, cron);
                announced = true;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError("Could not keep the backup schedule (Redis away?): {Error}", e.Message);
            }
            try
            {
                await Task.Delay(scheduling.Value.ResyncInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Every N hours from midnight UTC: N must divide a day, or be whole days.</summary>
    public static string Cron(int hours) => hours switch
    {
        < 24 when 24 % hours == 0 => $"0 */{hours} * * *",
        24 => "0 0 * * *",
        _ when hours % 24 == 0 => $"0 0 */{hours / 24} * *",
        _ => throw new InvalidOperationException(IntervalProblem(hours)),
    };

    public static bool IsExpressible(int hours) => hours > 0 && (24 % hours == 0 || hours % 24 == 0);

    public static string IntervalProblem(int hours) =>
        $"Backups:IntervalHours is {hours}: it must divide a day (1, 2, 3, 4, 6, 8, 12) or be whole days (24, 48, ...), so that backups fall on the same hours every day.";
}
