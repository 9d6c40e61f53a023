namespace Labelit.Tests.VersionedPlugin;

/// <summary>Built twice (V1, V2) for the hot-reload tests: one plugin folder, two versions copied in turn.</summary>
public sealed class VersionedStoragePlugin : Labelit.Plugins.IStoragePlugin
{
    public string Kind => "versioned";

    public string DisplayName => $"Versioned test plugin {VersionedBackend.PluginVersion}";

    public IReadOnlyList<string> Schemes => ["versioned"];

    public IReadOnlyList<string> Validate(Labelit.Plugins.StorageSettings settings) => [];

    public Labelit.Plugins.IStorageBackend CreateBackend(Labelit.Plugins.StorageSettings settings, Labelit.Plugins.StorageEnvironment environment) =>
        new VersionedBackend();
}
