namespace Labelit.Plugins.Hosting;

/// <summary>One folder of the plugins directory as administrators see it: the version live in it, or why none is.</summary>
/// <param name="Folder">Folder name under the plugins directory.</param>
/// <param name="Manifest">The live version's manifest; when none is live, that of the copy that failed, if it could be read.</param>
/// <param name="Status">Loaded, Incompatible or Failed.</param>
/// <param name="Reason">Why no version is loaded; null when one is.</param>
/// <param name="Kinds">The storage kinds of the live version (empty unless loaded).</param>
/// <param name="LoadedAt">When the live version was loaded; null when none is.</param>
/// <param name="ReloadFailure">Why the newest copy put into the folder did not replace the live version; null when it did, or when none came.</param>
public sealed record LoadedPlugin(
    string Folder,
    PluginManifest? Manifest,
    PluginStatus Status,
    string? Reason,
    IReadOnlyList<IStoragePlugin> Kinds,
    DateTimeOffset? LoadedAt = null,
    string? ReloadFailure = null)
{
    /// <summary>Not loaded, or a newer copy failed to load: health is degraded until an administrator acts.</summary>
    public bool NeedsAttention => Status != PluginStatus.Loaded || ReloadFailure is not null;

    /// <summary>One line for <c>/health</c>: the live version and since when, or why none is live.</summary>
    public string Summary => Status == PluginStatus.Loaded
        ? $"Loaded: version {Manifest?.Version} since {LoadedAt:u}{(ReloadFailure is null ? "" : $"; {ReloadFailure}")}"
        : $"{Status}: {Reason}";
}
