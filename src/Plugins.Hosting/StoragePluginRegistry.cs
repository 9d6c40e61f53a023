using Microsoft.Extensions.Logging;

namespace Labelit.Plugins.Hosting;

/// <summary>The plugins found at start-up and the storage kinds they provide. Registered as a singleton.</summary>
public sealed class StoragePluginRegistry
{
    /// <summary>Builds a registry over already loaded plugins.</summary>
    public StoragePluginRegistry(string pluginsDirectory, IReadOnlyList<LoadedPlugin> plugins, StorageEnvironment environment)
    {
        PluginsDirectory = pluginsDirectory;
        Plugins = plugins;
        Environment = environment;
    }

    /// <summary>Loads every plugin under the configured directory (a missing directory gives an empty registry, reported by the health check).</summary>
    public static StoragePluginRegistry Load(StoragePluginsOptions options, ILogger logger)
    {
        var directory = options.ResolvePluginsDirectory();
        var environment = new StorageEnvironment { AllowedLocalRoots = options.AllowedLocalRoots.ToList() };
        if (!Directory.Exists(directory))
        {
            logger.LogWarning("Storage plugins directory {Directory} does not exist: no storage kinds are available", directory);
            return new StoragePluginRegistry(directory, [], environment);
        }

        return new StoragePluginRegistry(directory, PluginLoader.LoadAll(directory, logger), environment);
    }

    /// <summary>The absolute plugins directory that was searched.</summary>
    public string PluginsDirectory { get; }

    /// <summary>Every plugin folder with its status and reason, for the admin UI.</summary>
    public IReadOnlyList<LoadedPlugin> Plugins { get; }

    /// <summary>What backends are allowed to do, from configuration.</summary>
    public StorageEnvironment Environment { get; }

    /// <summary>All storage kinds available.</summary>
    public IEnumerable<IStoragePlugin> Kinds => Plugins.SelectMany(p => p.Kinds);

    /// <summary>The kind named <paramref name="kind"/> (e.g. <c>s3</c>), or null.</summary>
    public IStoragePlugin? FindByKind(string kind) =>
        Kinds.FirstOrDefault(k => string.Equals(k.Kind, kind, StringComparison.OrdinalIgnoreCase));

    /// <summary>The kind serving URI scheme <paramref name="scheme"/> (e.g. <c>gs</c>), or null.</summary>
    public IStoragePlugin? FindByScheme(string scheme) =>
        Kinds.FirstOrDefault(k => k.Schemes.Contains(scheme.ToLowerInvariant()));

    /// <summary>
    /// A backend for a connection. Throws <see cref="StorageException"/> (<see cref="StorageFailure.InvalidSettings"/>)
    /// with a clear message for an unknown kind or invalid settings.
    /// </summary>
    public IStorageBackend CreateBackend(string kind, StorageSettings settings)
    {
        var plugin = FindByKind(kind) ?? throw new StorageException(StorageFailure.InvalidSettings,
            $"No storage plugin provides kind '{kind}'. Available kinds: {string.Join(", ", Kinds.Select(k => k.Kind).DefaultIfEmpty("none"))}.");
        var problems = plugin.Validate(settings);
        if (problems.Count > 0)
        {
            throw new StorageException(StorageFailure.InvalidSettings, string.Join(" ", problems));
        }

        return plugin.CreateBackend(settings, Environment);
    }

    /// <summary>What a "Test connection" button answers: settings problems, or the backend's own test of <paramref name="location"/>.</summary>
    public async Task<ConnectionTestResult> TestConnectionAsync(
        string kind, StorageSettings settings, string location, CancellationToken cancellationToken = default)
    {
        try
        {
            using var backend = CreateBackend(kind, settings);
            return await backend.TestConnectionAsync(StoragePath.Parse(location), cancellationToken);
        }
        catch (StorageException e)
        {
            return ConnectionTestResult.From(e);
        }
    }
}
