namespace Labelit.Plugins;

/// <summary>
/// A kind of storage a plugin offers. Every public non-abstract class implementing this interface
/// in a plugin's entry assembly is created once per loaded version of the plugin, through its public
/// parameterless constructor (a new version copied in while Labelit runs gets new instances).
/// </summary>
public interface IStoragePlugin
{
    /// <summary>Stable identifier stored with storage connections, e.g. <c>s3</c>.</summary>
    string Kind { get; }

    /// <summary>Name shown to administrators, e.g. <c>Amazon S3 and S3-compatible</c>.</summary>
    string DisplayName { get; }

    /// <summary>Lower-case URI schemes this kind serves, without <c>://</c>, e.g. <c>s3</c>.</summary>
    IReadOnlyList<string> Schemes { get; }

    /// <summary>What is wrong with <paramref name="settings"/>, one actionable sentence per problem; empty when they are valid.</summary>
    IReadOnlyList<string> Validate(StorageSettings settings);

    /// <summary>
    /// Creates a backend for one connection. Throws <see cref="ArgumentException"/> listing the
    /// problems when <see cref="Validate"/> would report any. Must not contact the store.
    /// </summary>
    IStorageBackend CreateBackend(StorageSettings settings, StorageEnvironment environment);
}
