namespace Labelit.Plugins.Hosting;

/// <summary>One folder of the plugins directory and what loading it gave, as shown to administrators.</summary>
/// <param name="Folder">Folder name under the plugins directory.</param>
/// <param name="Manifest">The manifest, when it could be read.</param>
/// <param name="Status">Loaded, Incompatible or Failed.</param>
/// <param name="Reason">Why the plugin is not loaded; null when it is.</param>
/// <param name="Kinds">The storage kinds it provides (empty unless loaded).</param>
public sealed record LoadedPlugin(
    string Folder,
    PluginManifest? Manifest,
    PluginStatus Status,
    string? Reason,
    IReadOnlyList<IStoragePlugin> Kinds)
{
    internal static LoadedPlugin Failed(string folder, PluginManifest? manifest, string reason) =>
        new(folder, manifest, PluginStatus.Failed, reason, []);

    internal static LoadedPlugin Incompatible(string folder, PluginManifest manifest, string reason) =>
        new(folder, manifest, PluginStatus.Incompatible, reason, []);
}
