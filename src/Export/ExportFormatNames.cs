namespace Labelit.Export;

/// <summary>Converts between <see cref="ExportFormat"/> and the names LS uses in its API
/// (<c>exportType=JSON_MIN</c>), so stored settings and URLs read the same as in LS.</summary>
public static class ExportFormatNames
{
    private static readonly Dictionary<ExportFormat, string> Names = new()
    {
        [ExportFormat.Json] = "JSON",
        [ExportFormat.JsonMin] = "JSON_MIN",
        [ExportFormat.Csv] = "CSV",
        [ExportFormat.Tsv] = "TSV",
        [ExportFormat.Conll2003] = "CONLL2003",
        [ExportFormat.Coco] = "COCO",
        [ExportFormat.Voc] = "VOC",
        [ExportFormat.Yolo] = "YOLO",
    };

    public static string ToLabelStudioName(this ExportFormat format) => Names[format];

    /// <summary>Parses an LS format name (case-insensitive).</summary>
    /// <exception cref="ArgumentException">The name is not one Labelit supports.</exception>
    public static ExportFormat Parse(string name)
    {
        foreach (var (format, lsName) in Names)
        {
            if (string.Equals(lsName, name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return format;
            }
        }

        throw new ArgumentException(
            $"Unknown export format '{name}'. Supported formats: {string.Join(", ", Names.Values)}.",
            nameof(name));
    }
}
