using System.Runtime.Loader;
using Labelit.Plugins.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Labelit.Plugins.Tests.Loading;

/// <summary>
/// A plugin folder holding version 1 of the versioned test plugin, into which the tests copy version 2
/// (or a broken one) while the host runs. Everything the plugin serves says which build served it.
/// </summary>
public sealed class PluginHotReloadTests : IDisposable
{
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(500);
    private static readonly StoragePath Object = StoragePath.Parse("versioned://bucket/object.txt");
    private static readonly string V1 = TestPluginBuilds.Output("VersionedPlugin/V1");
    private static readonly string V2 = TestPluginBuilds.Output("VersionedPlugin/V2");

    private readonly string _root = Directory.CreateTempSubdirectory("labelit-reload-").FullName;
    private ServiceProvider? _services;

    private string PluginsDirectory => Path.Combine(_root, "plugins");

    private string Folder => Path.Combine(PluginsDirectory, "Versioned");

    [Fact]
    public async Task New_operations_get_the_version_copied_in_while_a_running_one_finishes_on_the_old()
    {
        var registry = Start(QuietPeriod);
        var loadedFirst = Live(registry).LoadedAt;
        var v1Context = AssemblyLoadContext.GetLoadContext(registry.FindByKind("versioned")!.GetType().Assembly)!;
        var v1Unloaded = false;
        v1Context.Unloading += _ => v1Unloaded = true;
        var running = registry.CreateBackend("versioned", new StorageSettings());
        var upload = new HeldOpenStream();
        var write = running.WriteAsync(Object, upload);

        TestPluginBuilds.CopyFolder(V2, Folder);
        await Eventually.True(() => Live(registry).Manifest?.Version == "2.0.0", "version 2.0.0 is live");

        Assert.Equal("plugin 2.0.0 with Ardalis.GuardClauses 5.0.0", await ReadWithNewBackendAsync(registry));
        Assert.True(Live(registry).LoadedAt > loadedFirst);
        Assert.False(write.IsCompleted);
        upload.End();
        await write;
        // Its library is loaded only now, long after version 2 overwrote the folder: still version 1's.
        Assert.Equal("plugin 1.0.0 with Ardalis.GuardClauses 4.6.0", await ReadAsync(running));
        Assert.False(v1Unloaded);

        running.Dispose();

        Assert.True(v1Unloaded);
    }

    [Fact]
    public async Task A_broken_new_copy_keeps_the_live_version_and_health_says_why_until_a_good_one_comes()
    {
        var registry = Start(QuietPeriod);
        var v1 = Live(registry);
        var broken = Path.Combine(_root, "broken-v2");
        TestPluginBuilds.CopyFolder(V2, broken);
        File.WriteAllText(Path.Combine(broken, "Labelit.Tests.VersionedPlugin.dll"), "MZ, then the copy was cut short");

        TestPluginBuilds.CopyFolder(broken, Folder);
        await Eventually.True(() => Live(registry).ReloadFailure is not null, "the failed reload is reported");

        Assert.Equal(v1 with
        {
            ReloadFailure = "Version 2.0.0 put into the folder was not loaded (Failed: 'Labelit.Tests.VersionedPlugin.dll' is not a .NET assembly.) Version 1.0.0 stays live.",
        }, Live(registry));
        Assert.Equal("plugin 1.0.0 with Ardalis.GuardClauses 4.6.0", await ReadWithNewBackendAsync(registry));
        var health = await HealthAsync();
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.StartsWith("New version(s) not loaded: Versioned (Version 2.0.0 put into the folder was not loaded", health.Description);
        Assert.StartsWith("Loaded: version 1.0.0 since ", (string)health.Data["Versioned"]);

        TestPluginBuilds.CopyFolder(V2, Folder);
        await Eventually.True(() => Live(registry).Manifest?.Version == "2.0.0", "the good copy is live");

        Assert.Null(Live(registry).ReloadFailure);
        Assert.Equal(HealthStatus.Healthy, (await HealthAsync()).Status);
    }

    [Fact]
    public async Task A_slow_copy_is_loaded_once_the_folder_is_quiet_never_halfway()
    {
        var registry = Start(TimeSpan.FromSeconds(3));
        var seen = new List<string>();
        void Observe()
        {
            var live = Live(registry);
            var shown = $"manifest {live.Manifest?.Version}, {live.Kinds.Single().DisplayName}";
            if (seen.LastOrDefault() != shown)
            {
                seen.Add(shown);
            }
        }

        using var stopWatching = new CancellationTokenSource();
        var watching = Task.Run(async () =>
        {
            while (!stopWatching.IsCancellationRequested)
            {
                Observe();
                await Task.Delay(20);
            }
        });

        // The new DLL first and the manifest last, with pauses well inside the quiet period: loading
        // after the first file would run version 2's code under version 1's manifest and libraries.
        foreach (var file in new[] { "Labelit.Tests.VersionedPlugin.dll", "Ardalis.GuardClauses.dll", "Labelit.Tests.VersionedPlugin.deps.json", "plugin.json" })
        {
            File.Copy(Path.Combine(V2, file), Path.Combine(Folder, file), overwrite: true);
            await Task.Delay(300);
        }

        await Eventually.True(() => Live(registry).Manifest?.Version == "2.0.0", "version 2.0.0 is live");
        await stopWatching.CancelAsync();
        await watching;
        Observe();

        Assert.Equal(["manifest 1.0.0, Versioned test plugin 1.0.0", "manifest 2.0.0, Versioned test plugin 2.0.0"], seen);
        Assert.Equal("plugin 2.0.0 with Ardalis.GuardClauses 5.0.0", await ReadWithNewBackendAsync(registry));
    }

    [Fact]
    public async Task A_plugin_folder_added_while_running_is_loaded_and_a_removed_one_goes_away()
    {
        var registry = Start(QuietPeriod);

        TestPluginBuilds.CopyFolder(TestPluginBuilds.Output("GuardClauses5"), Path.Combine(PluginsDirectory, "GuardClauses5"));
        await Eventually.True(() => registry.FindByKind("guardclauses5") is not null, "the new plugin is loaded");
        Directory.Delete(Folder, recursive: true);
        await Eventually.True(() => registry.FindByKind("versioned") is null, "the removed plugin's kind is gone");

        Assert.Equal(["GuardClauses5: Loaded"], registry.Plugins.Select(p => $"{p.Folder}: {p.Status}"));
        var error = Assert.Throws<StorageException>(() => registry.CreateBackend("versioned", new StorageSettings()));
        Assert.Equal("No storage plugin provides kind 'versioned'. Available kinds: guardclauses5.", error.Message);
    }

    public void Dispose()
    {
        _services?.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private StoragePluginRegistry Start(TimeSpan quietPeriod)
    {
        TestPluginBuilds.CopyFolder(V1, Folder);
        _services = PluginsDirectoryFixture.BuildServices(new Dictionary<string, string?>
        {
            ["Storage:PluginsDirectory"] = PluginsDirectory,
            ["Storage:ReloadQuietPeriod"] = quietPeriod.ToString(),
        });
        return _services.GetRequiredService<StoragePluginRegistry>();
    }

    private static LoadedPlugin Live(StoragePluginRegistry registry) => registry.Plugins.Single(p => p.Folder == "Versioned");

    private async Task<HealthReportEntry> HealthAsync() =>
        (await _services!.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["storage-plugins"];

    private static async Task<string> ReadWithNewBackendAsync(StoragePluginRegistry registry)
    {
        using var backend = registry.CreateBackend("versioned", new StorageSettings());
        return await ReadAsync(backend);
    }

    private static async Task<string> ReadAsync(IStorageBackend backend)
    {
        using var reader = new StreamReader(await backend.OpenReadAsync(Object));
        return await reader.ReadToEndAsync();
    }
}
