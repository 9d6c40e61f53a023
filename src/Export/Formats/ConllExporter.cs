using System.Text.Json;
using Labelit.Export.Config;
using Labelit.Export.Formats.Conll;
using Labelit.Export.Items;
using Labelit.Export.Output;

namespace Labelit.Export.Formats;

/// <summary>CONLL2003: "-DOCSTART- -X- O", then for each annotation one "token -X- _ tag" line
/// per token of the text and a blank line. Tags come from the first Labels tag's spans.</summary>
internal sealed class ConllExporter(LabelConfig config) : ItemExporter(config)
{
    private readonly ByteSink _sink = new();
    private Stream _output = Stream.Null;

    protected override ValueTask StartAsync(Stream output, CancellationToken cancellationToken)
    {
        _output = output;
        _sink.Write("-DOCSTART- -X- O\n"u8);
        return ValueTask.CompletedTask;
    }

    protected override async ValueTask WriteTaskAsync(
        JsonElement task, List<AnnotationItem> items, CancellationToken cancellationToken)
    {
        var dataKey = Config.SingleDataKey!;
        foreach (var item in items)
        {
            var text = item.DataValue(dataKey) is { ValueKind: JsonValueKind.String } t ? t.GetString()! : "";
            foreach (var (token, tag) in ConllTagger.Tag(text, SpansOf(item)))
            {
                _sink.WriteUtf8(token);
                _sink.Write(" -X- _ "u8);
                _sink.WriteUtf8(tag);
                _sink.Write((byte)'\n');
            }

            _sink.Write((byte)'\n');
        }

        await _sink.FlushIfFullAsync(_output, cancellationToken);
    }

    protected override async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        await _sink.FlushAsync(_output, cancellationToken);
        _sink.Dispose();
    }

    /// <summary>Spans of the first output whose tag is Labels; null (all "O") when there is none
    /// or when a span lacks start/end, as in LS.</summary>
    private static List<LabelSpan>? SpansOf(AnnotationItem item)
    {
        var output = item.Outputs.FirstOrDefault(o => string.Equals(o.Values[0].TagType, "Labels", StringComparison.OrdinalIgnoreCase));
        if (output is null)
        {
            return null;
        }

        var spans = new List<LabelSpan>(output.Values.Count);
        foreach (var value in output.Values)
        {
            if (value.Number("start") is not { } start || value.Number("end") is not { } end)
            {
                return null;
            }

            spans.Add(new LabelSpan((int)start, (int)end, value.FirstLabel("labels")));
        }

        return spans;
    }
}
