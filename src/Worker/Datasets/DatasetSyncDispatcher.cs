using Hangfire;
using Labelit.Data.Changes;
using Labelit.Data.Jobs;
using Labelit.Worker.Instances;
using Labelit.Worker.Scheduling;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Labelit.Worker.Datasets;

/// <summary>
/// Gives each queued dataset sync (and each one whose Worker died) a Hangfire job (<see cref="DatasetSyncJob"/>);
/// a cancel request for a sync running on this Worker stops it at once.
/// </summary>
public sealed class DatasetSyncDispatcher(
    RunningSyncs running,
    ChangeNotices notices,
    NpgsqlDataSource dataSource,
    IBackgroundJobClient jobs,
    JobStorage storage,
    IOptions<DatasetSyncOptions> options,
    IOptions<InstanceOptions> instanceOptions,
    ILogger<DatasetSyncDispatcher> logger)
    : QueuedRunDispatcher(notices, dataSource, jobs, storage, instanceOptions.Value.WorkerId, logger)
{
    protected override string Table => "dataset_syncs";

    protected override string DueRunsSql => """
        SELECT id AS Id, job_id AS JobId FROM dataset_syncs
        WHERE status = 'queued' OR (status = 'running' AND heartbeat_at < now() - @StaleAfter)
        ORDER BY requested_at
        """;

    protected override object DueRunsParameters => new { options.Value.StaleAfter };

    protected override TimeSpan PollInterval => options.Value.PollInterval;

    protected override string CreateJob(IBackgroundJobClient client, long runId) =>
        client.Enqueue<IDatasetSyncJob>(job => job.RunAsync(runId, CancellationToken.None));

    // The trigger notifies inserts and cancel requests: a notice about a sync running here is its cancellation.
    protected override bool Handle(ChangeNotice notice) => notice.RowId is { } id && running.TryCancel(id);
}
