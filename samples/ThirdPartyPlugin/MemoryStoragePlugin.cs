using Labelit.Plugins;

namespace Acme.Labelit.MemoryStorage;

/// <summary>
/// A storage kind kept in the server's memory (<c>mem://bucket/key</c>): handy for demos, and the
/// smallest complete example of a Labelit storage plugin. Labelit finds this class because it is
/// public, implements IStoragePlugin and has a parameterless constructor.
/// </summary>
public sealed class MemoryStoragePlugin : IStoragePlugin
{
    public string Kind => "memory";

    public string DisplayName => "In-memory storage (sample)";

    public IReadOnlyList<string> Schemes { get; } = ["mem"];

    public IReadOnlyList<string> Validate(StorageSettings settings) =>
        settings.Endpoint is null && settings.AccessKeyId is null && settings.Secret is null
            ? []
            : ["In-memory storage takes no endpoint or credentials."];

    public IStorageBackend CreateBackend(StorageSettings settings, StorageEnvironment environment) =>
        Validate(settings) is [var problem, ..] ? throw new ArgumentException(problem, nameof(settings)) : new MemoryStorageBackend();
}
