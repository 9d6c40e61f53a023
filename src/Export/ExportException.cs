namespace Labelit.Export;

/// <summary>The input or the request cannot be converted; the message says why in terms a
/// project manager can act on.</summary>
public sealed class ExportException : Exception
{
    public ExportException(string message) : base(message) { }

    public ExportException(string message, Exception inner) : base(message, inner) { }
}
