namespace Labelit.Worker.Exports;

/// <summary>A failure that another attempt cannot fix (bad settings): the run fails at once, with this message.</summary>
public sealed class PermanentExportException(string message) : Exception(message);
