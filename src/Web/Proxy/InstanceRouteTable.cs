using System.Collections.Immutable;
using Labelit.Data.Instances;
using Labelit.Data.Changes;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Labelit.Web.Proxy;

/// <summary>
/// Where each project's Label Studio runs, as an immutable snapshot swapped whole. It reloads as soon
/// as PostgreSQL announces an instance or project change and every
/// <see cref="ProxyOptions.RouteRefreshInterval"/>; a failed reload keeps the last good snapshot.
/// </summary>
public sealed class InstanceRouteTable : BackgroundService
{
    private static readonly string[] RouteTables = ["ls_instances", "ls_start_requests", "projects"];
    private readonly InstanceStore _instances;
    private readonly IOptions<ProxyOptions> _options;
    private readonly ILogger<InstanceRouteTable> _logger;
    private readonly SemaphoreSlim _changed = new(0);
    private volatile ImmutableDictionary<string, InstanceRoute> _routes = ImmutableDictionary<string, InstanceRoute>.Empty;

    public InstanceRouteTable(ChangeNotices notices, InstanceStore instances, IOptions<ProxyOptions> options, ILogger<InstanceRouteTable> logger)
    {
        _instances = instances;
        _options = options;
        _logger = logger;
        notices.Changed += notice =>
        {
            if (RouteTables.Contains(notice.Table))
            {
                _changed.Release();
            }
        };
        notices.Lost += () => _changed.Release();
    }

    /// <summary>The project's route as last loaded, or null when it has no instance yet.</summary>
    public InstanceRoute? Find(string slug) => _routes.GetValueOrDefault(slug);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await ReloadAsync(stoppingToken);
            await _changed.WaitAsync(_options.Value.RouteRefreshInterval, stoppingToken);
            while (_changed.CurrentCount > 0)
            {
                await _changed.WaitAsync(stoppingToken); // one reload covers a burst of notices
            }
        }
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        try
        {
            _routes = (await _instances.GetRoutesAsync(cancellationToken)).ToImmutableDictionary(route => route.Slug);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            _logger.LogWarning("Could not reload the Label Studio routes; keeping the last ones: {Message}", exception.Message);
        }
    }
}
