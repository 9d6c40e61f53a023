using System.Text.Json;
using Labelit.Export.Output;

namespace Labelit.Export.Formats;

/// <summary>Writes cells as Python's csv module does with QUOTE_NONNUMERIC, which LS uses:
/// numbers bare, everything else (text, JSON, empty values) in double quotes with inner quotes
/// doubled, rows ending in \r\n.</summary>
internal sealed class CsvCellWriter(ByteSink sink, char separator) : IDisposable
{
    // JSON cells are built here first because their quotes must be doubled.
    private readonly PyJsonWriter _compactJson = new(new ByteSink(), indent: 0);
    private bool _rowStarted;

    public void Dispose() => _compactJson.Sink.Dispose();

    public void EndRow()
    {
        sink.Write("\r\n"u8);
        _rowStarted = false;
    }

    public void Text(string text)
    {
        Separate();
        sink.Write((byte)'"');
        WriteDoublingQuotes(System.Text.Encoding.UTF8.GetBytes(text));
        sink.Write((byte)'"');
    }

    public void Empty()
    {
        Separate();
        sink.Write("\"\""u8);
    }

    public void Integer(long value)
    {
        Separate();
        value.TryFormat(sink.GetSpan(24), out var written);
        sink.Advance(written);
    }

    /// <summary>A value from the task data or annotation, as LS writes it after reading it with
    /// Python: objects and arrays become JSON text, booleans True/False, null an empty cell.</summary>
    public void Element(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                Separate();
                sink.Write((byte)'"');
                var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element)[1..^1];
                if (raw.IndexOf((byte)'\\') < 0)
                {
                    sink.Write(raw); // no escapes, so no quotes inside either
                }
                else
                {
                    WriteDoublingQuotes(System.Text.Encoding.UTF8.GetBytes(element.GetString()!));
                }

                sink.Write((byte)'"');
                break;
            case JsonValueKind.Number:
                Separate();
                sink.Write(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element));
                break;
            case JsonValueKind.True:
                Separate();
                sink.Write("True"u8);
                break;
            case JsonValueKind.False:
                Separate();
                sink.Write("False"u8);
                break;
            case JsonValueKind.Object or JsonValueKind.Array:
                Json(w => w.Element(element));
                break;
            default:
                Empty();
                break;
        }
    }

    /// <summary>A cell holding compact JSON (LS's ujson.dumps) produced by <paramref name="write"/>.</summary>
    public void Json(Action<PyJsonWriter> write)
    {
        _compactJson.Sink.Clear();
        write(_compactJson);
        Separate();
        sink.Write((byte)'"');
        WriteDoublingQuotes(_compactJson.Sink.Written);
        sink.Write((byte)'"');
    }

    private void WriteDoublingQuotes(ReadOnlySpan<byte> text)
    {
        int quote;
        while ((quote = text.IndexOf((byte)'"')) >= 0)
        {
            sink.Write(text[..(quote + 1)]);
            sink.Write((byte)'"');
            text = text[(quote + 1)..];
        }

        sink.Write(text);
    }

    private void Separate()
    {
        if (_rowStarted)
        {
            sink.Write((byte)separator);
        }

        _rowStarted = true;
    }
}
