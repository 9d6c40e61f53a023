using Hangfire;
using Labelit.Data.Changes;
using Labelit.Data.Jobs;
using Labelit.Worker.Datasets;
using Labelit.Worker.Instances;
using Labelit.Worker.Scheduling;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Labelit.Worker.LabelImports;

/// <summary>Gives each queued label import a Hangfire job (<see cref="LabelImportJob"/>); fails imports whose Worker died.</summary>
public sealed class LabelImportDispatcher(
    RunningImports running,
    LabelImportQueue queue,
    ChangeNotices notices,
    NpgsqlDataSource dataSource,
    IBackgroundJobClient jobs,
    JobStorage storage,
    IOptions<DatasetSyncOptions> options,
    IOptions<InstanceOptions> instanceOptions,
    ILogger<LabelImportDispatcher> logger)
    : QueuedRunDispatcher(notices, dataSource, jobs, storage, instanceOptions.Value.WorkerId, logger)
{
    protected override string Table => "label_imports";

    protected override string DueRunsSql => "SELECT id AS Id, job_id AS JobId FROM label_imports WHERE status = 'queued' ORDER BY requested_at";

    protected override object DueRunsParameters => new { };

    protected override TimeSpan PollInterval => options.Value.PollInterval;

    protected override Task BeforeDispatchAsync(CancellationToken cancellationToken) => queue.FailAbandonedAsync(options.Value.StaleAfter, cancellationToken);

    protected override string CreateJob(IBackgroundJobClient client, long runId) =>
        client.Enqueue<ILabelImportJob>(job => job.RunAsync(runId, CancellationToken.None));

    protected override bool Handle(ChangeNotice notice) => notice.RowId is { } id && running.TryCancel(id);
}
