namespace Labelit.Export.Config;

/// <summary>The label config cannot be read; the message names the problem and where.</summary>
public sealed class LabelConfigException : Exception
{
    public LabelConfigException(string message, Exception? inner = null) : base(message, inner) { }
}
