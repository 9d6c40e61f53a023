using Labelit.Data.Jobs;

namespace Labelit.Worker.Backups;

/// <summary>The scheduled backup, a Hangfire recurring job: one run at a time across all Workers (<see cref="IBackupJob"/>).</summary>
public sealed class BackupJob(BackupRunner runner, ILogger<BackupJob> logger) : IBackupJob
{
    public const string RecurringJobId = "backup";

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
