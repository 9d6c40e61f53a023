using System.Text.Json.Nodes;
using System.Threading.Channels;
using Labelit.Worker.Instances;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Labelit.Worker.Datasets;

/// <summary>
/// Runs dataset syncs: wakes at once on a "Sync now" (NOTIFY from the dataset_syncs trigger), and
/// every poll interval queues the scheduled re-syncs that are due and picks up anything missed.
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
                await queue.QueueDueAsync(stoppingToken);
                while (await queue.ClaimNextAsync(workerId, options.Value.StaleAfter, stoppingToken) is { } sync)
                    await runner.RunAsync(sync, stoppingToken);
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
                    if (IsSyncRequest(e.Payload))
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

    private static bool IsSyncRequest(string payload)
    {
        try
        {
            return JsonNode.Parse(payload)?["table"]?.GetValue<string>() == "dataset_syncs";
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }
}
