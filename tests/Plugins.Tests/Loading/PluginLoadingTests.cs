using Labelit.TestSupport.S3;
using System.Runtime.Loader;
using Labelit.Plugins.Hosting;
using Labelit.Plugins.Tests.Servers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Labelit.Plugins.Tests.Loading;

public sealed class PluginLoadingTests(PluginsDirectoryFixture fixture) : IClassFixture<PluginsDirectoryFixture>
{
    [Fact]
    public void Every_plugin_folder_shows_the_status_and_reason_an_administrator_would_see()
    {
        var shown = fixture.Registry.Plugins.Select(p => $"{p.Folder}: {p.Status}{(p.Reason is null ? "" : " - " + p.Reason)}");

        Assert.Equal(
        [
            "AcmeMemoryStorage: Loaded",
            "Broken: Failed - Labelit.Tests.ThrowingPlugin.ThrowingStoragePlugin threw while being created: InvalidOperationException: the licence server cannot be reached",
            "Escaping: Failed - entry assembly '../S3/Labelit.Plugins.S3.dll' is outside the plugin folder; it must be a path inside it.",
            "Gcs: Loaded",
            $"LinkedEscape: Failed - entry assembly 'lib/Labelit.Plugins.S3.dll' leads to '{fixture.PluginsDirectory}/S3/Labelit.Plugins.S3.dll' through a symbolic link, outside the plugin folder.",
            "LocalFolder: Loaded",
            "NoManifest: Failed - plugin.json is missing.",
            "NotDotnet: Failed - 'Labelit.Plugins.Fake.dll' is not a .NET assembly.",
            "OldSdk: Incompatible - built for SDK 2.0.0, but this Labelit has SDK 1.0.0 (major versions must match).",
            "S3: Loaded",
        ], shown);
    }

    [Fact]
    public void Working_kinds_are_found_by_scheme_and_kind_beside_the_broken_plugins()
    {
        var registry = fixture.Registry;

        Assert.Equal(["gcs", "local", "memory", "s3"], registry.Kinds.Select(k => k.Kind).Order());
        Assert.Equal("s3", registry.FindByScheme("s3")?.Kind);
        Assert.Equal("gcs", registry.FindByScheme("gs")?.Kind);
        Assert.Equal("local", registry.FindByScheme("FILE")?.Kind);
        Assert.Equal("memory", registry.FindByKind("Memory")?.Kind);
        Assert.Null(registry.FindByKind("throwing"));
    }

    [Fact]
    public void Each_plugin_runs_in_its_own_load_context_with_the_hosts_sdk()
    {
        var s3 = fixture.Registry.FindByKind("s3")!.GetType().Assembly;
        var gcs = fixture.Registry.FindByKind("gcs")!.GetType().Assembly;

        var s3Context = AssemblyLoadContext.GetLoadContext(s3)!;
        var gcsContext = AssemblyLoadContext.GetLoadContext(gcs)!;

        Assert.Equal("Labelit.Plugins.S3", s3Context.Name);
        Assert.Equal("Labelit.Plugins.Gcs", gcsContext.Name);
        Assert.NotSame(AssemblyLoadContext.Default, s3Context);
        // Collectible, so that a version replaced by a newer copy can leave memory.
        Assert.True(s3Context.IsCollectible);
        Assert.NotSame(typeof(Labelit.Plugins.S3.S3StoragePlugin).Assembly, s3);
        Assert.Same(typeof(IStoragePlugin).Assembly, s3.GetReferencedAssemblies()
            .Select(name => s3Context.LoadFromAssemblyName(name)).Single(a => a.GetName().Name == "Labelit.Plugins.Abstractions"));
    }

    [Fact]
    public async Task Health_check_is_degraded_and_names_each_broken_plugin()
    {
        var report = await fixture.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = report.Entries["storage-plugins"];
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.StartsWith("6 storage plugin(s) not loaded: Broken (Failed: ", entry.Description);
        Assert.Contains("OldSdk (Incompatible: built for SDK 2.0.0", entry.Description);
        Assert.EndsWith("Storage kinds loaded: memory, gcs, local, s3.", entry.Description);
        Assert.StartsWith("Loaded: version 1.0.0 since ", (string)entry.Data["S3"]);
    }

    [Fact]
    public async Task Sample_third_party_plugin_stores_and_lists_objects_through_the_registry()
    {
        using var backend = fixture.Registry.CreateBackend("memory", new StorageSettings());
        var path = StoragePath.Parse("mem://demo/notes/first.txt");

        await backend.WriteAsync(path, new MemoryStream("hello"u8.ToArray()));

        Assert.Equal(path, Assert.Single(await S3.S3StorageSuite.ListAllAsync(backend, StoragePath.Parse("mem://demo/notes/"))).Path);
        Assert.Equal("hello"u8.ToArray(), await S3.S3StorageSuite.ReadAllAsync(backend, path));
    }

    [Fact]
    public async Task Loaded_local_plugin_is_confined_to_the_configured_roots()
    {
        using var backend = fixture.Registry.CreateBackend("local", new StorageSettings());
        File.WriteAllText(Path.Combine(fixture.AllowedRoot, "a.txt"), "a");

        var inside = await backend.TestConnectionAsync(StoragePath.Parse($"file://{fixture.AllowedRoot}/"));
        var outside = await backend.TestConnectionAsync(StoragePath.Parse($"file://{fixture.PluginsDirectory}/"));

        Assert.True(inside.Succeeded, inside.Message);
        Assert.Equal(StorageFailure.InvalidLocation, outside.Failure);
    }

    [Fact]
    public async Task Loaded_s3_plugin_reports_an_unreachable_endpoint_clearly()
    {
        var port = ServerProcess.FreeLoopbackPort();
        var settings = new StorageSettings
        {
            Endpoint = $"http://127.0.0.1:{port}", ForcePathStyle = true, AccessKeyId = "key", Secret = "secret",
        };

        var result = await fixture.Registry.TestConnectionAsync("s3", settings, "s3://photos/");

        Assert.Equal(StorageFailure.UnreachableEndpoint, result.Failure);
        Assert.StartsWith($"Cannot reach http://127.0.0.1:{port} (", result.Message);
        Assert.EndsWith("check the endpoint URL and that the server is running.", result.Message);
    }

    [Fact]
    public async Task Connection_test_explains_unknown_kinds_invalid_settings_and_bad_uris()
    {
        var registry = fixture.Registry;

        var unknownKind = await registry.TestConnectionAsync("ftp", new StorageSettings(), "ftp://x/");
        var badSettings = await registry.TestConnectionAsync("s3", new StorageSettings { Endpoint = "minio:9000" }, "s3://b/");
        var badUri = await registry.TestConnectionAsync("memory", new StorageSettings(), "just-a-bucket-name");

        Assert.Equal(new ConnectionTestResult(StorageFailure.InvalidSettings,
            "No storage plugin provides kind 'ftp'. Available kinds: memory, gcs, local, s3."), unknownKind);
        Assert.Equal(StorageFailure.InvalidSettings, badSettings.Failure);
        Assert.Contains("Endpoint 'minio:9000' must be an absolute http:// or https:// URL", badSettings.Message);
        Assert.Equal(new ConnectionTestResult(StorageFailure.InvalidLocation,
            "'just-a-bucket-name' is not a storage URI: expected scheme://bucket/path, for example s3://my-bucket/images/."), badUri);
    }

    [Fact]
    public void Built_plugins_do_not_carry_their_own_copy_of_the_sdk()
    {
        foreach (var folder in new[] { "S3", "Gcs", "LocalFolder", "AcmeMemoryStorage" })
        {
            Assert.Empty(Directory.GetFiles(Path.Combine(fixture.PluginsDirectory, folder), "Labelit.Plugins.Abstractions*"));
        }
    }

    [Fact]
    public void Allowed_roots_that_would_not_confine_anything_stop_the_start()
    {
        using var services = PluginsDirectoryFixture.BuildServices(new Dictionary<string, string?>
        {
            ["Storage:AllowedLocalRoots:0"] = "/",
            ["Storage:AllowedLocalRoots:1"] = "data/images",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StoragePluginsOptions>>().Value);

        Assert.Equal(
        [
            "Storage:AllowedLocalRoots entry '/' is a file-system root, which would expose the whole disk; name a data folder.",
            "Storage:AllowedLocalRoots entry 'data/images' must be an absolute path.",
        ], error.Failures);
    }

    [Fact]
    public async Task Missing_plugins_directory_degrades_health_and_says_where_it_looked()
    {
        var missing = Path.Combine(fixture.Root, "no-such-folder");
        using var services = PluginsDirectoryFixture.BuildServices(new Dictionary<string, string?> { ["Storage:PluginsDirectory"] = missing });

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Empty(services.GetRequiredService<StoragePluginRegistry>().Kinds);
        Assert.Equal(HealthStatus.Degraded, report.Entries["storage-plugins"].Status);
        Assert.Equal($"Storage plugins directory {missing} does not exist.", report.Entries["storage-plugins"].Description);
    }

    [Fact]
    public void Default_plugins_directory_is_where_the_build_puts_the_plugins()
    {
        Assert.Equal(Path.TrimEndingDirectorySeparator(TestPaths.BuiltPlugins),
            Path.TrimEndingDirectorySeparator(new StoragePluginsOptions().ResolvePluginsDirectory()));
        Assert.True(File.Exists(Path.Combine(TestPaths.BuiltPlugins, "S3", "plugin.json")));
    }
}
