using Hangfire;

namespace Labelit.Data.Jobs;

/// <summary>
/// The jobs the Workers keep in Hangfire, as interfaces both Web and the Worker load: the Worker runs
/// them, Web's dashboard (/admin/jobs) names them. Arguments are kinds and ids, never objects, so a
/// job stored by an older version still runs.
/// </summary>
public static class JobStorageKeys
{
    /// <summary>Where Labelit's Hangfire keys live in Redis.</summary>
    public const string RedisPrefix = "labelit:jobs:";
}

/// <summary>A tick of a project's schedule ("export:42" fires FireAsync("export", 42)).</summary>
public interface IProjectTickJob
{
    // A tick that fails is not retried: the next firing of the schedule is the retry.
    [AutomaticRetry(Attempts = 0)]
    Task FireAsync(string kind, long projectId, CancellationToken cancellationToken);
}

/// <summary>The scheduled backup: one at a time across all Workers.</summary>
public interface IBackupJob
{
    // Recorded in backup_runs by the runner; a failed backup is not retried, the next tick tries again.
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 6 * 60 * 60)]
    Task RunAsync(CancellationToken cancellationToken);
}
