using Labelit.Plugins.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Labelit.Benchmarks.StorageList;

/// <summary>The plugins a build of this benchmark puts into artifacts/plugins (S3, GCS, local folder), loaded as Web and Worker load them.</summary>
internal static class ShippedPlugins
{
    private static readonly string[] Kinds = ["gcs", "local", "s3"];

    /// <summary>Worked out before any load is timed: it loads the AppHost assembly, which plugin loading does not.</summary>
    public static string Directory { get; } = Path.Combine(Labelit.TestSupport.RepositoryPaths.Root, "artifacts", "plugins");

    public static StoragePluginRegistry Load(string directory)
    {
        var registry = StoragePluginRegistry.Load(new StoragePluginsOptions { PluginsDirectory = directory }, NullLogger.Instance);
        // A plugin that failed to load would make every figure meaningless: say which and why.
        if (!registry.Kinds.Select(k => k.Kind).Order().SequenceEqual(Kinds))
        {
            var problem = $"Expected the kinds {string.Join(", ", Kinds)} in {registry.PluginsDirectory}; found " +
                string.Join("; ", registry.Plugins.Select(p => p.Folder + ": " + p.Summary)) + ". Build the plugin projects first.";
            registry.Dispose();
            throw new InvalidOperationException(problem);
        }

        return registry;
    }
}
