namespace Labelit.Plugins.Hosting;

/// <summary>What loading one copy of a plugin folder gave: a generation, or the status and reason why not.</summary>
/// <param name="Manifest">The copy's manifest, when it could be read.</param>
/// <param name="Loaded">The loaded generation; null when loading failed.</param>
/// <param name="Status">Loaded, Incompatible or Failed.</param>
/// <param name="Reason">Why it did not load; null when it did.</param>
internal sealed record PluginLoadAttempt(PluginManifest? Manifest, PluginGeneration? Loaded, PluginStatus Status, string? Reason);
