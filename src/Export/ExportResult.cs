namespace Labelit.Export;

/// <summary>What one conversion produced.</summary>
/// <param name="Tasks">Tasks read from the input array.</param>
/// <param name="Annotations">Annotations that were not cancelled (skipped): the ones LS's
/// converter exports. For JSON the input is copied unchanged, cancelled ones included.</param>
/// <param name="File">Extension and content type of the output.</param>
public sealed record ExportResult(int Tasks, int Annotations, ExportFileInfo File);
