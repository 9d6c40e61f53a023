namespace Labelit.Export;

/// <summary>What one conversion produced.</summary>
/// <param name="Tasks">Tasks read from the input array.</param>
/// <param name="Annotations">Annotations that were not cancelled (skipped): the ones LS's
/// converter exports. Counted the same way for JSON, although its file, a copy of the input,
/// still contains the cancelled ones.</param>
/// <param name="File">Extension and content type of the output.</param>
public sealed record ExportResult(int Tasks, int Annotations, ExportFileInfo File);
