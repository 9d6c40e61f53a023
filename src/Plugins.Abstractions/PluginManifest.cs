namespace Labelit.Plugins;

/// <summary>
/// The <c>plugin.json</c> file at the root of a plugin folder, e.g.
/// <c>{ "id": "acme.storage", "version": "1.2.0", "sdkVersion": "1.0.0", "entryAssembly": "Acme.Storage.dll" }</c>.
/// </summary>
/// <param name="Id">Unique plugin identifier.</param>
/// <param name="Version">The plugin's own semantic version.</param>
/// <param name="SdkVersion">The version of this SDK the plugin was built against; its major must match the host's.</param>
/// <param name="EntryAssembly">Path of the assembly holding the <see cref="IStoragePlugin"/> classes, relative to the plugin folder.</param>
public sealed record PluginManifest(string Id, string Version, string SdkVersion, string EntryAssembly)
{
    /// <summary>Name of the manifest file in each plugin folder.</summary>
    public const string FileName = "plugin.json";

    /// <summary>The SDK version of the running host (this package's version; the assembly version only carries the major).</summary>
    public static System.Version HostSdkVersion { get; } = System.Version.Parse(
        typeof(PluginManifest).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyFileVersionAttribute), false)
            .Cast<System.Reflection.AssemblyFileVersionAttribute>().Single().Version);
}
