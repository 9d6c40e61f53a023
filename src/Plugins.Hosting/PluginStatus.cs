namespace Labelit.Plugins.Hosting;

/// <summary>What became of one plugin folder.</summary>
public enum PluginStatus
{
    /// <summary>Its storage kinds are available.</summary>
    Loaded,
    /// <summary>Built for another SDK major version (or a newer minor one) than this Labelit has.</summary>
    Incompatible,
    /// <summary>Could not be loaded; the reason says why.</summary>
    Failed,
}
