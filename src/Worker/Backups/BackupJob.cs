using Quartz;

namespace Labelit.Worker.Backups;

/// <summary>The scheduled backup: one run at a time across all Workers (the trigger fires on one node of the cluster).</summary>
[DisallowConcurrentExecution]
public sealed class BackupJob(BackupRunner runner, ILogger<BackupJob> logger) : IJob
{
    public static readonly JobKey Key = new("backup", "labelit");
    public static readonly TriggerKey Trigger = new("backup", "labelit");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await runner.RunAsync(cancellationToken);
            logger.LogInformation("Scheduled backup {Status}: {Folder}", result.Status, result.Folder);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Recorded in backup_runs by the runner; the next tick tries again.
            logger.LogError("Scheduled backup failed: {Error}", e.Message);
        }
    }
}
