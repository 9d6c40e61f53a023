namespace Labelit.Plugins.Hosting;

/// <summary>A plugin folder cannot be loaded; the message is shown to administrators as the reason.</summary>
internal sealed class PluginLoadException(string message, bool incompatible = false) : Exception(message)
{
    public bool Incompatible { get; } = incompatible;
}
