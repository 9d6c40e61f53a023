namespace Labelit.Export;

/// <summary>Optional settings of a conversion.</summary>
public sealed class ExportOptions
{
    /// <summary>Where CSV/TSV spool the input for their second pass and COCO keeps its
    /// sections until the categories are known. Default: the system temp folder.</summary>
    public string? TempDirectory { get; init; }

    /// <summary>Clock for the "info" dates LS writes into COCO and YOLO notes.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Where each task came from. When set, the JSON export adds a "labelit_provenance"
    /// field to every task; the other formats are LS's own, unchanged.</summary>
    public Provenance.ITaskOrigins? Origins { get; init; }

    internal string ResolveTempDirectory() => TempDirectory ?? Path.GetTempPath();
}
