using System.Text.Json;
using Labelit.Export.Config;
using Labelit.Export.Items;
using Labelit.Export.Output;

namespace Labelit.Export.Formats;

/// <summary>JSON_MIN: one flat record per annotation: the task data, the task id, each control
/// tag's results under its name (prettified), then who annotated and when. Laid out like LS's
/// file: records indented by two spaces, each starting at the line start, joined by ",\n".</summary>
internal sealed class JsonMinExporter(LabelConfig config) : ItemExporter(config)
{
    private readonly ByteSink _sink = new();
    private readonly OrderedRecord _record = new();
    private PyJsonWriter? _writer;
    private Stream _output = Stream.Null;
    private bool _first = true;

    protected override ValueTask StartAsync(Stream output, CancellationToken cancellationToken)
    {
        _output = output;
        _writer = new PyJsonWriter(_sink, indent: 2);
        _sink.Write("[\n"u8);
        return ValueTask.CompletedTask;
    }

    protected override async ValueTask WriteTaskAsync(
        JsonElement task, List<AnnotationItem> items, CancellationToken cancellationToken)
    {
        foreach (var item in items)
        {
            if (!_first)
            {
                _sink.Write(",\n"u8);
            }

            _first = false;
            Fill(_record, item);
            WriteRecord(_writer!, _record);
        }

        await _sink.FlushIfFullAsync(_output, cancellationToken);
    }

    protected override async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        _sink.Write("\n]"u8);
        await _sink.FlushAsync(_output, cancellationToken);
        _sink.Dispose();
    }

    private static void Fill(OrderedRecord record, AnnotationItem item)
    {
        record.Clear();
        if (item.Data.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in item.Data.EnumerateObject())
            {
                record.Set(property.Name, RecordValue.Of(property.Value));
            }
        }

        if (item.TaskId is { } id)
        {
            record.Set("id", RecordValue.Of(id));
        }

        foreach (var output in item.Outputs)
        {
            record.Set(output.FromName, RecordValue.Of(output));
        }

        record.Set("annotator", Annotator.Of(item, keepNumericId: true));
        record.Set("annotation_id", RecordValue.Of(item.AnnotationField("id")));
        record.Set("created_at", RecordValue.Of(item.AnnotationField("created_at")));
        record.Set("updated_at", RecordValue.Of(item.AnnotationField("updated_at")));
        record.Set("lead_time", RecordValue.Of(item.AnnotationField("lead_time")));
        if (item.Task.TryGetProperty("agreement", out var agreement))
        {
            record.Set("agreement", RecordValue.Of(agreement));
        }
    }

    private static void WriteRecord(PyJsonWriter writer, OrderedRecord record)
    {
        writer.StartObject();
        for (var i = 0; i < record.Count; i++)
        {
            writer.PropertyName(record.KeyAt(i));
            var value = record.ValueAt(i);
            switch (value.Kind)
            {
                case RecordValueKind.Element: writer.Element(value.Element); break;
                case RecordValueKind.Output: PrettyResult.Write(writer, value.Output!); break;
                case RecordValueKind.Text: writer.String(value.Text!); break;
                case RecordValueKind.Integer: writer.Number(value.Integer); break;
                default: writer.Null(); break;
            }
        }

        writer.EndObject();
    }
}
