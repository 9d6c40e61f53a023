namespace Labelit.Export;

/// <summary>How to name and serve a converted export.</summary>
/// <param name="Extension">File extension including the dot, e.g. ".zip".</param>
/// <param name="ContentType">MIME type of the whole output.</param>
/// <param name="IsZip">True when the format writes several files and the output is a zip.</param>
public sealed record ExportFileInfo(string Extension, string ContentType, bool IsZip)
{
    /// <summary>Known before converting, so a caller can pick the storage key and content type
    /// before the first byte is written.</summary>
    public static ExportFileInfo For(ExportFormat format) => format switch
    {
        ExportFormat.Json or ExportFormat.JsonMin => new(".json", "application/json", false),
        ExportFormat.Csv => new(".csv", "text/csv; charset=utf-8", false),
        // LS names its TSV file result.csv; a .tsv extension tells spreadsheets the separator.
        ExportFormat.Tsv => new(".tsv", "text/tab-separated-values; charset=utf-8", false),
        ExportFormat.Conll2003 => new(".conll", "text/plain; charset=utf-8", false),
        // LS zips these because they write a folder layout (COCO: result.json + images/).
        ExportFormat.Coco or ExportFormat.Voc or ExportFormat.Yolo => new(".zip", "application/zip", true),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown export format."),
    };

    /// <summary>A file name like LS's <c>project-7-at-2026-11-22-03-05.zip</c>.</summary>
    public string FileNameFor(string projectName, DateTimeOffset exportedAt) =>
        $"{projectName}-at-{exportedAt:yyyy-MM-dd-HH-mm}{Extension}";
}
