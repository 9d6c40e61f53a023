using Microsoft.Extensions.Logging;

namespace Labelit.Plugins.Hosting;

/// <summary>
/// The plugins of the plugins directory and the storage kinds they provide, kept up to date while
/// the host runs: a new version copied into a plugin's folder is loaded once the folder is quiet,
/// and new operations get it. Registered as a singleton.
/// </summary>
public sealed class StoragePluginRegistry : IDisposable
{
    private readonly PluginFolders _folders;
    private readonly PluginFolderWatcher? _watcher;

    private StoragePluginRegistry(string pluginsDirectory, StorageEnvironment environment, PluginFolders folders, PluginFolderWatcher? watcher)
    {
        PluginsDirectory = pluginsDirectory;
        Environment = environment;
        _folders = folders;
        _watcher = watcher;
    }

    /// <summary>
    /// Loads every plugin under the configured directory and watches it for new versions (a missing
    /// directory gives an empty registry, reported by the health check).
    /// </summary>
    public static StoragePluginRegistry Load(StoragePluginsOptions options, ILogger logger, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var directory = options.ResolvePluginsDirectory();
        var environment = new StorageEnvironment { AllowedLocalRoots = options.AllowedLocalRoots.ToList() };
        var folders = new PluginFolders(directory, logger, time);
        if (!Directory.Exists(directory))
        {
            logger.LogWarning("Storage plugins directory {Directory} does not exist: no storage kinds are available", directory);
            return new StoragePluginRegistry(directory, environment, folders, null);
        }

        folders.LoadAll();
        return new StoragePluginRegistry(directory, environment, folders, Watch(directory, options.ReloadQuietPeriod, time, folders, logger));
    }

    /// <summary>The absolute plugins directory that was searched.</summary>
    public string PluginsDirectory { get; }

    /// <summary>Every plugin folder with its live version and since when, or why none is live, for the admin UI.</summary>
    public IReadOnlyList<LoadedPlugin> Plugins => _folders.All.Select(f => f.Status).ToList();

    /// <summary>What backends are allowed to do, from configuration.</summary>
    public StorageEnvironment Environment { get; }

    /// <summary>All storage kinds of the live plugin versions.</summary>
    public IEnumerable<IStoragePlugin> Kinds => _folders.All.SelectMany(f => f.Live?.Kinds ?? []);

    /// <summary>The kind named <paramref name="kind"/> (e.g. <c>s3</c>), or null. For operations, use <see cref="CreateBackend"/>.</summary>
    public IStoragePlugin? FindByKind(string kind) => Kinds.FirstOrDefault(k => IsKind(k, kind));

    /// <summary>The kind serving URI scheme <paramref name="scheme"/> (e.g. <c>gs</c>), or null.</summary>
    public IStoragePlugin? FindByScheme(string scheme) =>
        Kinds.FirstOrDefault(k => k.Schemes.Contains(scheme.ToLowerInvariant()));

    /// <summary>
    /// A backend for a connection, from the live version of its plugin; that version stays loaded
    /// until the backend is disposed, even if a newer one replaces it meanwhile. Throws
    /// <see cref="StorageException"/> (<see cref="StorageFailure.InvalidSettings"/>) with a clear
    /// message for an unknown kind or invalid settings.
    /// </summary>
    public IStorageBackend CreateBackend(string kind, StorageSettings settings)
    {
        var lease = LeaseKind(kind) ?? throw new StorageException(StorageFailure.InvalidSettings,
            $"No storage plugin provides kind '{kind}'. Available kinds: {string.Join(", ", Kinds.Select(k => k.Kind).DefaultIfEmpty("none"))}.");
        try
        {
            var plugin = lease.Generation.Kinds.First(k => IsKind(k, kind));
            var problems = plugin.Validate(settings);
            if (problems.Count > 0)
            {
                throw new StorageException(StorageFailure.InvalidSettings, string.Join(" ", problems));
            }

            return new LeasedStorageBackend(plugin.CreateBackend(settings, Environment), lease);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
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

    /// <summary>Stops watching and unloads every plugin version.</summary>
    public void Dispose()
    {
        _watcher?.Dispose();
        _folders.Dispose();
    }

    private PluginLease? LeaseKind(string kind)
    {
        foreach (var folder in _folders.All.Where(f => f.Live?.Kinds.Any(k => IsKind(k, kind)) == true))
        {
            // The live version may have changed since the line above, and a new version may drop a kind.
            var lease = folder.Lease();
            if (lease?.Generation.Kinds.Any(k => IsKind(k, kind)) == true)
            {
                return lease;
            }

            lease?.Dispose();
        }

        return null;
    }

    private static bool IsKind(IStoragePlugin plugin, string kind) => string.Equals(plugin.Kind, kind, StringComparison.OrdinalIgnoreCase);

    // Without a watcher (the OS refused one, e.g. out of inotify instances) plugins still work; new versions need a restart.
    private static PluginFolderWatcher? Watch(string directory, TimeSpan quietPeriod, TimeProvider time, PluginFolders folders, ILogger logger)
    {
        try
        {
            return new PluginFolderWatcher(directory, quietPeriod, time, folders.Reload);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            logger.LogWarning(e, "Cannot watch {Directory} for new plugin versions: a new version is loaded at the next start", directory);
            return null;
        }
    }
}
