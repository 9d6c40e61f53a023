using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Labelit.Data.Changes;
using Microsoft.Extensions.Options;

namespace Labelit.Worker.Instances;

/// <summary>
/// Runs <see cref="InstanceReconciler"/> for every project: at once for the project a
/// NOTIFY labelit_changes names, and for all of them every ReconcileInterval. At start it first
/// adopts the instances it owns and removes orphans (<see cref="OrphanSweeper"/>).
/// </summary>
public sealed class ReconcilerService(
    InstanceReconciler reconciler,
    InstanceRepository repository,
    OrphanSweeper sweeper,
    ChangeNotices notices,
    IOptions<InstanceOptions> options,
    ILogger<ReconcilerService> logger) : BackgroundService
{
    // null means "every project"; a project id means that one.
    private readonly Channel<long?> _signals = System.Threading.Channels.Channel.CreateUnbounded<long?>();
    private readonly ConcurrentDictionary<long, Task> _inFlight = new();
    private readonly ConcurrentDictionary<long, bool> _again = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = notices.Subscribe(
            notice =>
            {
                if (ProjectOf(notice) is var project && project != OwnWrite)
                    _signals.Writer.TryWrite(project);
            },
            () => _signals.Writer.TryWrite(null)); // changes made while not listening
        await RunSafelyAsync("adopting instances and removing orphans", () => sweeper.SweepAsync(stoppingToken));
        var pass = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var projects = await NextBatchAsync(stoppingToken);
            if (projects is null)
            {
                await RunSafelyAsync("renewing leases", () => repository.RenewLeasesAsync(options.Value.WorkerId, options.Value.LeaseDuration, stoppingToken));
                if (++pass % 10 == 0)
                    await RunSafelyAsync("removing orphans", () => sweeper.SweepAsync(stoppingToken));
                await RunSafelyAsync("listing projects", async () => projects = await repository.ProjectsToReconcileAsync(stoppingToken));
            }
            foreach (var projectId in projects ?? [])
                Dispatch(projectId, stoppingToken);
        }
        await Task.WhenAll(_inFlight.Values).ContinueWith(_ => { }, CancellationToken.None);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // A project's reconcile still running (a start being provisioned) holds its lock: let it end
        // first, or the stop below would skip that instance and leave it running.
        await Task.WhenAll(_inFlight.Values).WaitAsync(cancellationToken).ContinueWith(_ => { }, CancellationToken.None);
        if (options.Value.StopInstancesOnShutdown)
            await RunSafelyAsync("stopping instances at shutdown", () => reconciler.StopAllHeldAsync(cancellationToken));
    }

    /// <summary>The projects a notification named, or null for a full pass (a tick or an unspecific change).</summary>
    private async Task<IReadOnlyList<long>?> NextBatchAsync(CancellationToken stoppingToken)
    {
        using var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        tick.CancelAfter(options.Value.ReconcileInterval);
        try
        {
            var first = await _signals.Reader.ReadAsync(tick.Token);
            var batch = new HashSet<long>();
            for (var next = (long?)first; ; )
            {
                if (next is null)
                    return null;
                batch.Add(next.Value);
                if (!_signals.Reader.TryRead(out next))
                    return batch.ToList();
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return null;
        }
    }

    // One operation per project at a time; a change that arrives meanwhile runs it once more after.
    private void Dispatch(long projectId, CancellationToken stoppingToken)
    {
        if (_inFlight.ContainsKey(projectId))
        {
            _again[projectId] = true;
            return;
        }
        _inFlight[projectId] = Task.Run(async () =>
        {
            do
            {
                _again.TryRemove(projectId, out _);
                await RunSafelyAsync($"reconciling project {projectId}", () => reconciler.ReconcileAsync(projectId, stoppingToken));
            }
            while (_again.ContainsKey(projectId) && !stoppingToken.IsCancellationRequested);
            _inFlight.TryRemove(projectId, out _);
        }, CancellationToken.None);
    }

    /// <summary>The Worker's own writes to its tables: nothing to reconcile.</summary>
    internal const long OwnWrite = -1;

    /// <summary>Project changes name their project; a user change may touch any project.</summary>
    internal static long? ProjectOf(ChangeNotice notice) =>
        // Its own writes, and the sync and export queues: nothing there changes what should run.
        notice.Table is "ls_instances" or "ls_accounts" or "dataset_syncs" or "export_runs" ? OwnWrite : notice.ProjectId;

    private async Task RunSafelyAsync(string what, Func<Task> action)
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
