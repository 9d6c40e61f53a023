using Hangfire;
using Labelit.Data.Changes;
using Labelit.Data.Jobs;
using Labelit.Worker.Instances;
using Labelit.Worker.Scheduling;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Labelit.Worker.Exports;

/// <summary>Gives each due export run a Hangfire job (<see cref="ExportRunJob"/>), and takes back runs whose Worker died.</summary>
public sealed class ExportRunDispatcher(
    ExportRunStore runs,
    ChangeNotices notices,
    NpgsqlDataSource dataSource,
    IBackgroundJobClient jobs,
    JobStorage storage,
    IOptions<ExportOptions> options,
    IOptions<InstanceOptions> instanceOptions,
    ILogger<ExportRunDispatcher> logger)
    : QueuedRunDispatcher(notices, dataSource, jobs, storage, instanceOptions.Value.WorkerId, logger)
{
    protected override string Table => "export_runs";

    protected override string DueRunsSql => """
        SELECT r.id AS Id, r.job_id AS JobId FROM export_runs r JOIN projects p ON p.id = r.project_id
        WHERE r.status = 'queued' AND r.next_attempt_at <= now() AND p.deleted_at IS NULL
        ORDER BY r.next_attempt_at, r.id
        """;

    protected override object DueRunsParameters => new { };

    protected override TimeSpan PollInterval => options.Value.PollInterval;

    protected override string CreateJob(IBackgroundJobClient client, long runId) =>
        client.Enqueue<IExportRunJob>(job => job.RunAsync(runId, CancellationToken.None));

    protected override async Task BeforeDispatchAsync(CancellationToken cancellationToken) =>
        await runs.ReclaimAbandonedAsync(options.Value.AbandonedAfter, options.Value.MaxAttempts, cancellationToken);
}
