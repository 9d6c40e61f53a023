using System.Text.Json;
using System.Threading.Channels;
using Labelit.Worker.Instances;
using Labelit.Data.Changes;
using Microsoft.Extensions.Options;

namespace Labelit.Worker.Exports;

/// <summary>
/// Takes due export runs from export_runs and runs them, a few at a time: at once when a run is
/// queued (NOTIFY labelit_changes from the export_runs insert, e.g. "Export now", or <see cref="Signal"/>),
/// and every PollInterval for retries that came due and runs whose Worker died.
/// A run failing never holds up the others: each runs on its own.
/// </summary>
public sealed class ExportQueue(
    ExportRunStore runs,
    ExportRunner runner,
    ChangeNotices notices,
    IOptions<ExportOptions> options,
    IOptions<InstanceOptions> instanceOptions,
    ILogger<ExportQueue> logger) : BackgroundService
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly List<Task> _running = [];

    /// <summary>Looks for due runs now rather than at the next poll.</summary>
    public void Signal() => _wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = notices.Subscribe(notice =>
        {
            if (notice.Table == "export_runs")
                Signal();
        }, Signal);
        while (!stoppingToken.IsCancellationRequested)
        {
            await SafelyAsync("taking back abandoned export runs",
                () => runs.ReclaimAbandonedAsync(options.Value.AbandonedAfter, options.Value.MaxAttempts, stoppingToken));
            await SafelyAsync("starting export runs", () => StartDueRunsAsync(stoppingToken));
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            tick.CancelAfter(options.Value.PollInterval);
            try
            {
                await _wake.Reader.ReadAsync(tick.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        Task[] left;
        lock (_running)
            left = [.. _running];
        await Task.WhenAll(left).ContinueWith(_ => { }, CancellationToken.None);
    }

    private async Task StartDueRunsAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            lock (_running)
            {
                _running.RemoveAll(t => t.IsCompleted);
                if (_running.Count >= options.Value.MaxConcurrentRuns)
                    return;
            }
            var run = await runs.ClaimNextAsync(instanceOptions.Value.WorkerId, stoppingToken);
            if (run is null)
                return;
            logger.LogInformation("Export run {Run} of project {Project} started (attempt {Attempt})", run.Id, run.ProjectId, run.Attempt);
            var task = Task.Run(async () =>
            {
                await SafelyAsync($"running export run {run.Id}", () => runner.RunAsync(run, stoppingToken));
                Signal(); // a slot is free
            }, CancellationToken.None);
            lock (_running)
                _running.Add(task);
        }
    }

    private async Task SafelyAsync(string what, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "Failed {What}", what);
        }
    }
}
