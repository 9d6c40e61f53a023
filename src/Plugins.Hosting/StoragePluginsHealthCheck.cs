using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Labelit.Plugins.Hosting;

/// <summary>
/// Degraded (never unhealthy: the rest of Labelit works) while a plugin is broken, a new copy of one
/// failed to load, or the plugins directory is missing. Each folder's data says which version is live and since when.
/// </summary>
internal sealed class StoragePluginsHealthCheck(StoragePluginRegistry registry) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var plugins = registry.Plugins;
        var data = plugins.ToDictionary(p => p.Folder, p => (object)p.Summary);

        if (!Directory.Exists(registry.PluginsDirectory))
        {
            return Task.FromResult(HealthCheckResult.Degraded(
                $"Storage plugins directory {registry.PluginsDirectory} does not exist.", data: data));
        }

        var broken = plugins.Where(p => p.Status != PluginStatus.Loaded).ToList();
        var failedReloads = plugins.Where(p => p.ReloadFailure is not null).ToList();
        var kinds = string.Join(", ", registry.Kinds.Select(k => k.Kind));
        if (broken.Count == 0 && failedReloads.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy($"Storage kinds loaded: {kinds}.", data));
        }

        var problems = new List<string>();
        if (broken.Count > 0)
        {
            problems.Add($"{broken.Count} storage plugin(s) not loaded: " +
                string.Join("; ", broken.Select(p => $"{p.Folder} ({p.Status}: {p.Reason})")) + ".");
        }

        if (failedReloads.Count > 0)
        {
            problems.Add("New version(s) not loaded: " + string.Join("; ", failedReloads.Select(p => $"{p.Folder} ({p.ReloadFailure})")) + ".");
        }

        return Task.FromResult(HealthCheckResult.Degraded($"{string.Join(" ", problems)} Storage kinds loaded: {kinds}.", data: data));
    }
}
