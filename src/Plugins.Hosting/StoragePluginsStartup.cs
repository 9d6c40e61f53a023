using Microsoft.Extensions.Hosting;

namespace Labelit.Plugins.Hosting;

/// <summary>Loads the plugins while the host starts, so their statuses are logged then rather than on first use.</summary>
internal sealed class StoragePluginsStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetService(typeof(StoragePluginRegistry));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
