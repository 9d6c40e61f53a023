using System.Text.Json;
using Labelit.Export.Formats;
using Labelit.Export.Input;
using Labelit.Export.Output;

namespace Labelit.Export.Provenance;

/// <summary>provenance.csv: one row per annotation (a task nobody labelled gets one row of its own)
/// saying which storage object the task shows, which dataset sync created it, and which version of
/// the object the annotation was made on, with a status in words.</summary>
public static class ProvenanceCsv
{
    public const string FileName = "provenance.csv";

    /// <summary>How an export run lists the file beside LS's formats.</summary>
    public const string FormatName = "provenance";

    public const string ContentType = "text/csv";

    public const string OnOlderVersion = "labelled on an older version";
    public const string OnCurrentVersion = "labelled on the current version";
    public const string NotLabelled = "not labelled";
    public const string NoOrigin = "not from a dataset sync";

    private static readonly string[] Header =
        ["task_id", "annotation_id", "location", "dataset_sync", "labelled_at", "labelled_version", "current_version", "status"];

    /// <summary>Reads LS's raw JSON export from <paramref name="rawJson"/> (neither stream is closed).</summary>
    /// <exception cref="ExportException">The input is not an LS JSON export.</exception>
    public static async Task WriteAsync(Stream rawJson, ITaskOrigins origins, Stream output, CancellationToken cancellationToken = default)
    {
        using var sink = new ByteSink();
        using var cells = new CsvCellWriter(sink, ',');
        foreach (var name in Header)
            cells.Text(name);
        cells.EndRow();
        await foreach (var task in TaskStreamReader.ReadTasksAsync(rawJson, cancellationToken))
        {
            var origin = await origins.FindAsync(task, cancellationToken);
            var provenance = origin is null ? null : TaskProvenance.Of(task, origin);
            if (provenance is null || provenance.Annotations.Count == 0)
            {
                Row(cells, task, provenance, null);
            }
            else
            {
                foreach (var annotation in provenance.Annotations)
                    Row(cells, task, provenance, annotation);
            }
            await sink.FlushIfFullAsync(output, cancellationToken);
        }
        await sink.FlushAsync(output, cancellationToken);
    }

    private static void Row(CsvCellWriter cells, JsonElement task, TaskProvenance? provenance, LabelledVersion? annotation)
    {
        Cell(cells, task.TryGetProperty("id", out var id) ? id : default);
        Cell(cells, annotation?.AnnotationId ?? default);
        Text(cells, provenance?.Origin.Location);
        if (provenance?.Origin.CreatedBySync is { } sync)
            cells.Integer(sync);
        else
            cells.Empty();
        Text(cells, annotation?.LabelledAt);
        Text(cells, annotation?.Version.ETag);
        Text(cells, provenance?.Origin.Current.ETag);
        cells.Text(provenance is null ? NoOrigin
            : annotation is null ? NotLabelled
            : annotation.OnOlderVersion ? OnOlderVersion : OnCurrentVersion);
        cells.EndRow();
    }

    private static void Cell(CsvCellWriter cells, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Undefined)
            cells.Empty();
        else
            cells.Element(value);
    }

    private static void Text(CsvCellWriter cells, string? value)
    {
        if (value is null)
            cells.Empty();
        else
            cells.Text(value);
    }
}
