using Labelit.TestSupport.S3;
using System.Diagnostics;
using Labelit.Plugins.Hosting;
using Labelit.Plugins.Tests.Servers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Labelit.Plugins.Tests.Loading;

/// <summary>
/// A plugins directory as an administrator might leave it: the built plugins, the third-party
/// sample built from the SDK package, and several broken folders. Loaded once through AddStoragePlugins.
/// </summary>
public sealed class PluginsDirectoryFixture : IAsyncLifetime
{
    public string Root { get; } = Directory.CreateTempSubdirectory("labelit-plugins-").FullName;

    public string PluginsDirectory => Path.Combine(Root, "plugins");

    public string AllowedRoot => Path.Combine(Root, "data");

    public ServiceProvider Services { get; private set; } = null!;

    public StoragePluginRegistry Registry => Services.GetRequiredService<StoragePluginRegistry>();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(AllowedRoot);
        foreach (var name in new[] { "S3", "Gcs", "LocalFolder" })
        {
            CopyFolder(Path.Combine(TestPaths.BuiltPlugins, name), Path.Combine(PluginsDirectory, name));
        }

        await BuildSamplePluginAsync();

        CopyFolder(TestPluginBuilds.Output("ThrowingPlugin"), Path.Combine(PluginsDirectory, "Broken"));

        CopyFolder(Path.Combine(TestPaths.BuiltPlugins, "LocalFolder"), Path.Combine(PluginsDirectory, "OldSdk"));
        WriteManifest("OldSdk", sdkVersion: "2.0.0", entryAssembly: "Labelit.Plugins.LocalFolder.dll");

        Directory.CreateDirectory(Path.Combine(PluginsDirectory, "Escaping"));
        WriteManifest("Escaping", sdkVersion: "1.0.0", entryAssembly: "../S3/Labelit.Plugins.S3.dll");

        Directory.CreateDirectory(Path.Combine(PluginsDirectory, "LinkedEscape"));
        Directory.CreateSymbolicLink(Path.Combine(PluginsDirectory, "LinkedEscape", "lib"), Path.Combine(PluginsDirectory, "S3"));
        WriteManifest("LinkedEscape", sdkVersion: "1.0.0", entryAssembly: "lib/Labelit.Plugins.S3.dll");

        Directory.CreateDirectory(Path.Combine(PluginsDirectory, "NotDotnet"));
        File.WriteAllText(Path.Combine(PluginsDirectory, "NotDotnet", "Labelit.Plugins.Fake.dll"), "MZ but not really");
        WriteManifest("NotDotnet", sdkVersion: "1.0.0", entryAssembly: "Labelit.Plugins.Fake.dll");

        Directory.CreateDirectory(Path.Combine(PluginsDirectory, "NoManifest"));

        Services = BuildServices(new Dictionary<string, string?>
        {
            ["Storage:PluginsDirectory"] = PluginsDirectory,
            ["Storage:AllowedLocalRoots:0"] = AllowedRoot,
        });
    }

    public static ServiceProvider BuildServices(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddStoragePlugins(configuration);
        return services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }

    // Built exactly as a third party would: samples/ThirdPartyPlugin/build.sh against the packed SDK.
    private async Task BuildSamplePluginAsync()
    {
        var info = new ProcessStartInfo("bash")
        {
            ArgumentList = { Path.Combine(TestPaths.RepositoryRoot, "samples", "ThirdPartyPlugin", "build.sh"), PluginsDirectory },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var build = Process.Start(info)!;
        var output = build.StandardOutput.ReadToEndAsync();
        var errors = build.StandardError.ReadToEndAsync();
        await build.WaitForExitAsync();
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"samples/ThirdPartyPlugin/build.sh failed:\n{await output}\n{await errors}");
        }
    }

    private void WriteManifest(string folder, string sdkVersion, string entryAssembly) =>
        File.WriteAllText(Path.Combine(PluginsDirectory, folder, "plugin.json"),
            $$"""{ "id": "test.{{folder.ToLowerInvariant()}}", "version": "1.0.0", "sdkVersion": "{{sdkVersion}}", "entryAssembly": "{{entryAssembly}}" }""");

    private static void CopyFolder(string source, string target) => TestPluginBuilds.CopyFolder(source, target);
}
