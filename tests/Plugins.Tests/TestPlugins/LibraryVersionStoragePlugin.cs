using System.Reflection;
using Ardalis.GuardClauses;

namespace Labelit.Tests.LibraryVersions;

/// <summary>
/// Compiled into GuardClauses4 and GuardClauses5, which ship different versions of Ardalis.GuardClauses:
/// the display name says which version this plugin got at run time. The kind is the assembly's last name part.
/// </summary>
public sealed class LibraryVersionStoragePlugin : Labelit.Plugins.IStoragePlugin
{
    public string Kind { get; } = typeof(LibraryVersionStoragePlugin).Assembly.GetName().Name!.Split('.')[^1].ToLowerInvariant();

    public string DisplayName => $"Ardalis.GuardClauses {typeof(Guard).Assembly.GetName().Version!.ToString(3)}";

    public IReadOnlyList<string> Schemes => [Kind];

    public IReadOnlyList<string> Validate(Labelit.Plugins.StorageSettings settings) => [];

    public Labelit.Plugins.IStorageBackend CreateBackend(Labelit.Plugins.StorageSettings settings, Labelit.Plugins.StorageEnvironment environment) =>
        throw new NotSupportedException();
}
