using Labelit.Plugins.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Labelit.Plugins.Tests.Loading;

public sealed class DependencyIsolationTests
{
    [Fact]
    public void Two_plugins_shipping_different_versions_of_one_library_each_run_with_their_own()
    {
        var root = Directory.CreateTempSubdirectory("labelit-isolation-").FullName;
        try
        {
            foreach (var plugin in new[] { "GuardClauses4", "GuardClauses5" })
            {
                TestPluginBuilds.CopyFolder(TestPluginBuilds.Output(plugin), Path.Combine(root, plugin));
            }

            using var registry = StoragePluginRegistry.Load(new StoragePluginsOptions { PluginsDirectory = root }, NullLogger.Instance);

            // Each plugin's display name is the version of Ardalis.GuardClauses it got at run time.
            Assert.Equal("Ardalis.GuardClauses 4.6.0", registry.FindByKind("guardclauses4")?.DisplayName);
            Assert.Equal("Ardalis.GuardClauses 5.0.0", registry.FindByKind("guardclauses5")?.DisplayName);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
