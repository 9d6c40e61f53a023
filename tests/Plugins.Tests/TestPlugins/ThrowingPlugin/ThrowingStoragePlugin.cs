namespace Labelit.Tests.ThrowingPlugin;

public sealed class ThrowingStoragePlugin : Labelit.Plugins.IStoragePlugin
{
    public ThrowingStoragePlugin() => throw new InvalidOperationException("the licence server cannot be reached");

    public string Kind => "throwing";

    public string DisplayName => "Throws on creation";

    public IReadOnlyList<string> Schemes => ["throwing"];

    public IReadOnlyList<string> Validate(Labelit.Plugins.StorageSettings settings) => [];

    public Labelit.Plugins.IStorageBackend CreateBackend(Labelit.Plugins.StorageSettings settings, Labelit.Plugins.StorageEnvironment environment) =>
        throw new NotSupportedException();
}
