using System.Runtime.InteropServices;
using System.Text.Json;

namespace Labelit.Export.Output;

/// <summary>Writes JSON laid out like LS's Python writers: with an indent, "key": value and
/// one member per line (json.dump(indent=2)); without, no spaces at all (ujson.dumps). Text
/// is written as UTF-8, not \u-escaped (ensure_ascii=False), and values taken from the input
/// are copied byte for byte, so numbers and strings read exactly as LS exported them.</summary>
internal sealed class PyJsonWriter(ByteSink sink, int indent, int openLevels = 0)
{
    // openLevels > 0 writes items of a container opened elsewhere (a COCO section spilled to a
    // temp file), indented as if that many containers were open.
    private readonly List<bool> _hasMembers = Enumerable.Repeat(false, openLevels).ToList();
    private bool _afterPropertyName;

    public ByteSink Sink => sink;

    /// <summary>The next value follows a property name written elsewhere ("key": |).</summary>
    public PyJsonWriter AsMemberValue()
    {
        _afterPropertyName = true;
        return this;
    }

    public void StartObject() => Open((byte)'{');

    public void EndObject() => Close((byte)'}');

    public void StartArray() => Open((byte)'[');

    public void EndArray() => Close((byte)']');

    public void PropertyName(string name)
    {
        BeginMember();
        WriteQuoted(name);
        AfterName();
    }

    /// <summary>A name as it appears, escaped, between the quotes of the input.</summary>
    public void PropertyNameRaw(ReadOnlySpan<byte> escapedName)
    {
        BeginMember();
        sink.Write((byte)'"');
        JsonText.WriteRawEscapingSlashes(sink, escapedName);
        sink.Write((byte)'"');
        AfterName();
    }

    public void String(string value)
    {
        BeforeValue();
        WriteQuoted(value);
    }

    public void Number(long value)
    {
        BeforeValue();
        value.TryFormat(sink.GetSpan(24), out var written);
        sink.Advance(written);
    }

    public void Number(double value)
    {
        BeforeValue();
        Span<char> chars = stackalloc char[40];
        sink.WriteUtf8(chars[..PyFloat.Format(value, chars)]);
    }

    public void Null()
    {
        BeforeValue();
        sink.Write("null"u8);
    }

    /// <summary>Copies an input value (any kind), re-indenting objects and arrays.</summary>
    public void Element(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                StartObject();
                foreach (var property in element.EnumerateObject())
                {
                    PropertyNameRaw(JsonMarshal.GetRawUtf8PropertyName(property));
                    Element(property.Value);
                }

                EndObject();
                break;
            case JsonValueKind.Array:
                StartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Element(item);
                }

                EndArray();
                break;
            case JsonValueKind.String:
                BeforeValue();
                sink.Write((byte)'"');
                JsonText.WriteRawEscapingSlashes(sink, JsonMarshal.GetRawUtf8Value(element)[1..^1]);
                sink.Write((byte)'"');
                break;
            default:
                BeforeValue();
                sink.Write(JsonMarshal.GetRawUtf8Value(element));
                break;
        }
    }

    private void Open(byte bracket)
    {
        BeforeValue();
        sink.Write(bracket);
        _hasMembers.Add(false);
    }

    private void Close(byte bracket)
    {
        var hadMembers = _hasMembers[^1];
        _hasMembers.RemoveAt(_hasMembers.Count - 1);
        if (hadMembers)
        {
            NewLine();
        }

        sink.Write(bracket);
    }

    private void BeginMember()
    {
        if (_hasMembers[^1])
        {
            sink.Write((byte)',');
        }

        _hasMembers[^1] = true;
        NewLine();
    }

    private void AfterName()
    {
        sink.Write((byte)':');
        if (indent > 0)
        {
            sink.Write((byte)' ');
        }

        _afterPropertyName = true;
    }

    private void BeforeValue()
    {
        if (_afterPropertyName)
        {
            _afterPropertyName = false;
            return;
        }

        if (_hasMembers.Count > 0)
        {
            BeginMember();
        }
    }

    private void NewLine()
    {
        if (indent == 0)
        {
            return;
        }

        var spaces = _hasMembers.Count * indent;
        var span = sink.GetSpan(spaces + 1);
        span[0] = (byte)'\n';
        span.Slice(1, spaces).Fill((byte)' ');
        sink.Advance(spaces + 1);
    }

    private void WriteQuoted(string value)
    {
        sink.Write((byte)'"');
        JsonText.WriteEscaped(sink, value);
        sink.Write((byte)'"');
    }
}
