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

/// <summary>
/// Hangfire queues of the runs recorded in PostgreSQL; each Worker works on them with its own limit.
/// (Hangfire's queue names are lower case letters, digits and underscores.)
/// </summary>
public static class JobQueues
{
    public const string Exports = "exports";
    public const string DatasetSyncs = "dataset_syncs";
    public const string LabelImports = "label_imports";
}

/// <summary>An export run queued in export_runs ("Export now", a schedule tick, a retry).</summary>
public interface IExportRunJob
{
    // Attempts and their backoff are kept in export_runs; a due retry gets a new job.
    [AutomaticRetry(Attempts = 0)]
    [Queue(JobQueues.Exports)]
    Task RunAsync(long runId, CancellationToken cancellationToken);
}

/// <summary>A dataset sync queued in dataset_syncs ("Sync now", an upload, a schedule tick).</summary>
public interface IDatasetSyncJob
{
    // A failed sync is recorded as failed; the next request or tick is the retry.
    [AutomaticRetry(Attempts = 0)]
    [Queue(JobQueues.DatasetSyncs)]
    Task RunAsync(long syncId, CancellationToken cancellationToken);
}

/// <summary>A label import queued in label_imports (the dataset's label import page or API).</summary>
public interface ILabelImportJob
{
    // All or nothing in LS; a failed import is recorded as failed and the user starts another.
    [AutomaticRetry(Attempts = 0)]
    [Queue(JobQueues.LabelImports)]
    Task RunAsync(long importId, CancellationToken cancellationToken);
}
