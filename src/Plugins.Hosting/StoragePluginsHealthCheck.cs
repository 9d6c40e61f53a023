using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Labelit.Plugins.Hosting;

/// <summary>Degraded (never unhealthy: the rest of Labelit works) while a plugin is broken or the plugins directory is missing.</summary>
internal sealed class StoragePluginsHealthCheck(StoragePluginRegistry registry) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = registry.Plugins.ToDictionary(
            p => p.Folder,
            p => (object)(p.Reason is null ? p.Status.ToString() : $"{p.Status}: {p.Reason}"));

        if (!Directory.Exists(registry.PluginsDirectory))
        {
            return Task.FromResult(HealthCheckResult.Degraded(
                $"Storage plugins directory {registry.PluginsDirectory} does not exist.", data: data));
        }

        var broken = registry.Plugins.Where(p => p.Status != PluginStatus.Loaded).ToList();
        var kinds = string.Join(", ", registry.Kinds.Select(k => k.Kind));
        return Task.FromResult(broken.Count == 0
            ? HealthCheckResult.Healthy($"Storage kinds loaded: {kinds}.", data)
            : HealthCheckResult.Degraded(
                $"{broken.Count} storage plugin(s) not loaded: " +
                string.Join("; ", broken.Select(p => $"{p.Folder} ({p.Status}: {p.Reason})")) +
                $". Storage kinds loaded: {kinds}.",
                data: data));
    }
}
