using System.Reflection;

namespace Labelit.Plugins.Hosting;

/// <summary>Configuration section <c>Storage</c> (e.g. <c>Storage__PluginsDirectory</c>, <c>Storage__AllowedLocalRoots__0</c>).</summary>
public sealed class StoragePluginsOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Storage";

    /// <summary>
    /// Folder whose sub-folders are plugins. Relative paths are taken from the application's base
    /// directory. Unset: the source tree's <c>artifacts/plugins</c>, where <c>dotnet build</c> puts them.
    /// </summary>
    public string? PluginsDirectory { get; set; }

    /// <summary>Absolute folders that local-folder storage may use; empty means no local storage at all.</summary>
    public List<string> AllowedLocalRoots { get; set; } = [];

    /// <summary>
    /// How long a plugin folder must go without a change before its new content is loaded: copying a
    /// plugin is many file writes, and loading between two of them would load a half-copied version.
    /// </summary>
    public TimeSpan ReloadQuietPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The plugins directory to load, as an absolute path.</summary>
    public string ResolvePluginsDirectory() =>
        string.IsNullOrWhiteSpace(PluginsDirectory)
            ? BuildTimePluginsDirectory
            : Path.GetFullPath(PluginsDirectory, AppContext.BaseDirectory);

    internal static string BuildTimePluginsDirectory { get; } = typeof(StoragePluginsOptions).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "Labelit.DefaultPluginsDirectory").Value!;
}
