using Hangfire;

namespace Labelit.Worker.Backups;

/// <summary>The scheduled backup, a Hangfire recurring job: one run at a time across all Workers.</summary>
public sealed class BackupJob(BackupRunner runner, ILogger<BackupJob> logger)
{
    public const string RecurringJobId = "backup";

    // Recorded in backup_runs by the runner; a failed backup is not retried, the next tick tries again.
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 6 * 60 * 60)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await runner.RunAsync(cancellationToken);
            logger.LogInformation("Scheduled backup {Status}: {Folder}", result.Status, result.Folder);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError("Scheduled backup failed: {Error}", e.Message);
        }
    }
}
