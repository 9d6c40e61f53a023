using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
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
    NpgsqlDataSource dataSource,
    DatasetSyncQueue queue,
    DatasetSyncRunner runner,
    IOptions<DatasetSyncOptions> options,
    IOptions<InstanceOptions> instanceOptions,
    ILogger<DatasetSyncService> logger) : BackgroundService
{
    private const string Channel = "labelit_changes";
    // The run this Worker is doing, so a cancel request (NOTIFY) stops it at once, even while it waits for LS.
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _running = new();
    private readonly Channel<bool> _wake = System.Threading.Channels.Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listening = ListenAsync(stoppingToken);
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
        await listening;
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    if (SyncIdOf(e.Payload) is not { } id)
                        return;
                    // A notice about a run in progress here can only be its cancellation; any other wakes the queue.
                    if (_running.TryGetValue(id, out var run))
                        run.Cancel();
                    else
                        _wake.Writer.TryWrite(true);
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                _wake.Writer.TryWrite(true);
                while (!stoppingToken.IsCancellationRequested)
                    await connection.WaitAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or IOException)
            {
                logger.LogWarning("Lost the database notification connection, reconnecting: {Error}", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static long? SyncIdOf(string payload)
    {
        try
        {
            var notice = JsonNode.Parse(payload);
            return notice?["table"]?.GetValue<string>() == "dataset_syncs" ? notice["id"]?.GetValue<long>() : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
