using System.Text.Json;
using Labelit.Export.Config;
using Labelit.Export.Input;
using Labelit.Export.Items;
using Labelit.Export.Output;

namespace Labelit.Export.Formats;

/// <summary>CSV and TSV: one row per annotation, columns sorted by name.
/// LS needs every column before the header can be written, and the columns depend on the data
/// keys of every task (not only those the label config names) and on which optional fields
/// appear (agreement, history, chat transcripts). So this reads the tasks twice: the first pass
/// collects the column names (a few strings, however many tasks) while the input is spooled to a
/// temp file, the second pass writes rows from that file. Holding rows in memory instead would
/// grow with the project.</summary>
internal sealed class CsvExporter(LabelConfig config, char separator)
{
    private static readonly string[] AlwaysPresent = ["annotator", "annotation_id", "created_at", "updated_at", "lead_time"];

    public async Task<ExportCounts> RunAsync(ITaskSource source, Stream output, CancellationToken cancellationToken)
    {
        var (counts, columns, colliding) = await CollectColumnsAsync(source, cancellationToken);

        using var sink = new ByteSink();
        using var cells = new CsvCellWriter(sink, separator);
        foreach (var column in columns)
        {
            cells.Text(column);
        }

        cells.EndRow();
        var items = new List<AnnotationItem>();
        var row = new OrderedRecord();
        await foreach (var task in source.ReadTasksAsync(cancellationToken))
        {
            ItemBuilder.Build(task, config, items);
            foreach (var item in items)
            {
                FillRow(row, item, colliding);
                WriteRow(cells, row, columns);
            }

            await sink.FlushIfFullAsync(output, cancellationToken);
        }

        await sink.FlushAsync(output, cancellationToken);
        return counts;
    }

    private async Task<(ExportCounts, List<string>, HashSet<string>)> CollectColumnsAsync(
        ITaskSource source, CancellationToken cancellationToken)
    {
        var counts = new ExportCounts();
        var inputKeys = new HashSet<string>(StringComparer.Ordinal);
        var outputKeys = new HashSet<string>(StringComparer.Ordinal);
        var otherKeys = new HashSet<string>(AlwaysPresent, StringComparer.Ordinal);
        var items = new List<AnnotationItem>();
        await foreach (var task in source.ReadTasksAsync(cancellationToken))
        {
            counts.Tasks++;
            counts.Annotations += ItemBuilder.Build(task, config, items);
            foreach (var item in items)
            {
                foreach (var property in item.Data.EnumerateObject())
                {
                    inputKeys.Add(property.Name);
                }

                if (item.TaskId is not null)
                {
                    otherKeys.Add("id");
                }

                foreach (var output in item.Outputs)
                {
                    outputKeys.Add(output.FromName);
                    if (ChatTranscript.Applies(output))
                    {
                        otherKeys.Add(ChatTranscript.ColumnName(output));
                    }
                }

                if (item.Task.TryGetProperty("agreement", out _))
                {
                    otherKeys.Add("agreement");
                }

                if (HasHistory(item))
                {
                    otherKeys.Add("history");
                }
            }
        }

        // A data key named like a control tag is renamed _data_<key> on every row, as LS does.
        var colliding = inputKeys.Where(outputKeys.Contains).ToHashSet(StringComparer.Ordinal);
        var columns = inputKeys.Select(k => InputColumn(k, colliding))
            .Concat(outputKeys).Concat(otherKeys)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        return (counts, columns, colliding);
    }

    private static void FillRow(OrderedRecord row, AnnotationItem item, HashSet<string> colliding)
    {
        row.Clear();
        if (item.TaskId is { } id)
        {
            row.Set("id", RecordValue.Of(id));
        }

        foreach (var output in item.Outputs)
        {
            row.Set(output.FromName, RecordValue.Of(output));
            if (ChatTranscript.Applies(output))
            {
                row.Set(ChatTranscript.ColumnName(output), RecordValue.OfText(ChatTranscript.For(output)));
            }
        }

        foreach (var property in item.Data.EnumerateObject())
        {
            row.Set(InputColumn(property.Name, colliding), RecordValue.Of(property.Value));
        }

        row.Set("annotator", Annotator.Of(item, keepNumericId: false));
        row.Set("annotation_id", RecordValue.Of(item.AnnotationField("id")));
        row.Set("created_at", RecordValue.Of(item.AnnotationField("created_at")));
        row.Set("updated_at", RecordValue.Of(item.AnnotationField("updated_at")));
        row.Set("lead_time", RecordValue.Of(item.AnnotationField("lead_time")));
        if (item.Task.TryGetProperty("agreement", out var agreement))
        {
            row.Set("agreement", RecordValue.Of(agreement));
        }

        if (HasHistory(item))
        {
            row.Set("history", RecordValue.Of(item.AnnotationField("history")));
        }
    }

    private static void WriteRow(CsvCellWriter cells, OrderedRecord row, List<string> columns)
    {
        foreach (var column in columns)
        {
            if (!row.TryGet(column, out var value))
            {
                cells.Empty();
                continue;
            }

            switch (value.Kind)
            {
                case RecordValueKind.Element:
                    cells.Element(value.Element);
                    break;
                case RecordValueKind.Output when PrettyResult.SingleString(value.Output!) is { } text:
                    cells.Element(text);
                    break;
                case RecordValueKind.Output:
                    cells.Json(w => PrettyResult.Write(w, value.Output!));
                    break;
                case RecordValueKind.Text:
                    cells.Text(value.Text!);
                    break;
                case RecordValueKind.Integer:
                    cells.Integer(value.Integer);
                    break;
                default:
                    cells.Empty();
                    break;
            }
        }

        cells.EndRow();
    }

    private static string InputColumn(string key, HashSet<string> colliding) =>
        colliding.Contains(key) ? "_data_" + key : key;

    /// <summary>LS adds history only when the annotation has a non-empty one.</summary>
    private static bool HasHistory(AnnotationItem item) =>
        item.AnnotationField("history") is { } history
        && history.ValueKind switch
        {
            JsonValueKind.Array => history.GetArrayLength() > 0,
            JsonValueKind.Object => history.EnumerateObject().Any(),
            JsonValueKind.String => history.GetString()!.Length > 0,
            JsonValueKind.Null or JsonValueKind.False => false,
            _ => true,
        };
}
