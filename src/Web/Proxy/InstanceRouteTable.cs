using System.Collections.Immutable;
using Labelit.Data.Instances;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Labelit.Web.Proxy;

/// <summary>
/// Where each project's Label Studio runs, as an immutable snapshot swapped whole. It reloads as soon
/// as PostgreSQL announces an instance change (NOTIFY labelit_changes) and every
/// <see cref="ProxyOptions.RouteRefreshInterval"/>; a failed reload keeps the last good snapshot.
/// </summary>
public sealed class InstanceRouteTable(
    NpgsqlDataSource dataSource, InstanceStore instances, IOptions<ProxyOptions> options, ILogger<InstanceRouteTable> logger) : BackgroundService
{
    private static readonly string[] InstanceTables = ["ls_instances", "ls_accounts", "ls_start_requests", "projects"];
    private volatile ImmutableDictionary<string, InstanceRoute> _routes = ImmutableDictionary<string, InstanceRoute>.Empty;
    private readonly SemaphoreSlim _changed = new(0);

    /// <summary>The project's route as last loaded, or null when it has no instance yet.</summary>
    public InstanceRoute? Find(string slug) => _routes.GetValueOrDefault(slug);

    /// <summary>Reloads now; callers that just changed an instance use it instead of waiting.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var routes = await instances.GetRoutesAsync(cancellationToken);
            _routes = routes.ToImmutableDictionary(route => route.Slug);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            logger.LogWarning("Could not reload the Label Studio routes; keeping the last ones: {Message}", exception.Message);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is NpgsqlException or IOException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Lost the change notifications ({Message}); listening again", exception.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
        connection.Notification += (_, notice) =>
        {
            if (InstanceTables.Any(table => notice.Payload.Contains($"\"{table}\"", StringComparison.Ordinal)))
            {
                _changed.Release();
            }
        };
        await using (var listen = new NpgsqlCommand("LISTEN labelit_changes", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }
        await ReloadAsync(stoppingToken);

        var waitForNotice = connection.WaitAsync(stoppingToken);
        var changedOrTimeout = _changed.WaitAsync(options.Value.RouteRefreshInterval, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (await Task.WhenAny(waitForNotice, changedOrTimeout) == waitForNotice)
            {
                await waitForNotice; // rethrows a connection failure
                waitForNotice = connection.WaitAsync(stoppingToken);
                continue;
            }
            while (_changed.CurrentCount > 0)
            {
                await _changed.WaitAsync(stoppingToken); // one reload covers a burst of notices
            }
            await ReloadAsync(stoppingToken);
            changedOrTimeout = _changed.WaitAsync(options.Value.RouteRefreshInterval, stoppingToken);
        }
    }
}
