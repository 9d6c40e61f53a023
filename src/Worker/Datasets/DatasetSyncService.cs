using System.Collections.Concurrent;
using System.Threading.Channels;
using Labelit.Data.Changes;
using Labelit.Worker.Instances;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Labelit.Worker.Datasets;

/// <summary>
/// Runs dataset syncs: wakes at once when a run is queued ("Sync now", an upload, or the scheduled
/// <see cref="DatasetSyncJob"/>; NOTIFY from the dataset_syncs trigger), and every poll interval picks
/// up anything missed, such as a run whose Worker died.
/// </summary>
public sealed class DatasetSyncService(
    ChangeNotices notices,
    DatasetSyncQueue queue,
    DatasetSyncRunner runner,
    IOptions<DatasetSyncOptions> options,
    IOptions<InstanceOptions> instanceOptions,
    ILogger<DatasetSyncService> logger) : BackgroundService
{
    // The run this Worker is doing, so a cancel request (NOTIFY) stops it at once, even while it waits for LS.
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _running = new();
    private readonly Channel<bool> _wake = System.Threading.Channels.Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = notices.Subscribe(notice =>
        {
            if (notice is not { Table: "dataset_syncs", RowId: { } id })
                return;
            // A notice about a run in progress here can only be its cancellation; any other wakes the queue.
            if (_running.TryGetValue(id, out var run))
                run.Cancel();
            else
                _wake.Writer.TryWrite(true);
        }, () => _wake.Writer.TryWrite(true));
        var workerId = instanceOptions.Value.WorkerId;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await queue.ClaimNextAsync(workerId, options.Value.StaleAfter, stoppingToken) is { } sync)
                {
                    using var cancelled = new CancellationTokenSource();
                    _running[sync.Id] = cancelled;
                    try
                    {
                        await runner.RunAsync(sync, cancelled.Token, stoppingToken);
                    }
                    finally
                    {
                        _running.TryRemove(sync.Id, out _);
                    }
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning("Dataset sync queue unavailable: {Error}", e.Message);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            tick.CancelAfter(options.Value.PollInterval);
            try
            {
                await _wake.Reader.ReadAsync(tick.Token);
            }
            catch (OperationCanceledException)
            {
                // poll interval reached (or stopping: the loop condition ends it)
            }
        }
    }
}
