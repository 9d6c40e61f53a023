using System.Threading.Channels;
using Dapper;
using Hangfire;
using Hangfire.States;
using Labelit.Data.Changes;
using Npgsql;

namespace Labelit.Worker.Scheduling;

/// <summary>
/// Makes a Hangfire job for each run queued in a PostgreSQL table (export_runs, dataset_syncs) that has
/// none waiting: at once when a run is inserted (NOTIFY labelit_changes: "Export now", "Sync now", an
/// upload, a schedule tick), and every poll interval for what no notice announced: a retry that came
/// due, a run whose Worker died, jobs lost with Redis. PostgreSQL decides who runs a run (the job claims
/// it there), so a second job for the same run does nothing; of several Workers one makes the job.
/// </summary>
public abstract class QueuedRunDispatcher(
    ChangeNotices notices,
    NpgsqlDataSource dataSource,
    IBackgroundJobClient jobs,
    JobStorage storage,
    string workerId,
    ILogger logger) : BackgroundService
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>The table of the runs (its rows have id, job_id and the NOTIFY trigger).</summary>
    protected abstract string Table { get; }

    /// <summary>SELECT id AS Id, job_id AS JobId of the runs that should be running or about to.</summary>
    protected abstract string DueRunsSql { get; }

    protected abstract object DueRunsParameters { get; }

    protected abstract TimeSpan PollInterval { get; }

    /// <summary>Makes the run's job; returns its id.</summary>
    protected abstract string CreateJob(IBackgroundJobClient client, long runId);

    /// <summary>Before each look for due runs (e.g. putting back runs of dead Workers).</summary>
    protected virtual Task BeforeDispatchAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A notice about a row of <see cref="Table"/>; true when handled and no look is needed.</summary>
    protected virtual bool Handle(ChangeNotice notice) => false;

    /// <summary>Looks for runs to dispatch now rather than at the next poll.</summary>
    public void Signal() => _wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = notices.Subscribe(notice =>
        {
            if (notice.Table == Table && !Handle(notice))
                Signal();
        }, Signal);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await BeforeDispatchAsync(stoppingToken);
                await DispatchDueRunsAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // PostgreSQL or Redis away: the runs stay queued in PostgreSQL and the next look dispatches them.
                logger.LogWarning("Could not dispatch the queued {Table} runs (tried again in {Poll}): {Error}", Table, PollInterval, e.Message);
            }
            using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            poll.CancelAfter(PollInterval);
            try
            {
                await _wake.Reader.ReadAsync(poll.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task DispatchDueRunsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var due = await connection.QueryAsync<DueRun>(new CommandDefinition(DueRunsSql, DueRunsParameters, cancellationToken: cancellationToken));
        foreach (var run in due)
        {
            if (run.JobId is not null && IsWaiting(run.JobId))
                continue;
            // Taken with a compare-and-set on job_id: of the Workers that see this run, one makes its job.
            var marker = $"dispatching by {workerId}";
            var taken = await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE {Table} SET job_id = @marker WHERE id = @Id AND job_id IS NOT DISTINCT FROM @JobId",
                new { marker, run.Id, run.JobId }, cancellationToken: cancellationToken)) == 1;
            if (!taken)
                continue;
            var jobId = CreateJob(jobs, run.Id);
            await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE {Table} SET job_id = @jobId WHERE id = @Id", new { jobId, run.Id }, cancellationToken: CancellationToken.None));
            logger.LogDebug("Run {Run} of {Table} is Hangfire job {Job}", run.Id, Table, jobId);
        }
    }

    /// <summary>
    /// Whether the job will still start by itself. A job processing on a Worker that died is not: the
    /// run went back to the queue in PostgreSQL, and a new job takes it.
    /// </summary>
    private bool IsWaiting(string jobId)
    {
        using var connection = storage.GetConnection();
        var state = connection.GetJobData(jobId)?.State;
        return state == EnqueuedState.StateName || state == ScheduledState.StateName || state == AwaitingState.StateName;
    }

    private sealed record DueRun(long Id, string? JobId);
}
