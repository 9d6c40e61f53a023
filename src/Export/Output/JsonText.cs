using System.Runtime.InteropServices;
using System.Text.Json;

namespace Labelit.Export.Output;

/// <summary>JSON string escaping as Python's json with ensure_ascii=False: only quotes,
/// backslashes and control characters are escaped; everything else stays UTF-8.</summary>
internal static class JsonText
{
    public static void WriteEscaped(ByteSink sink, ReadOnlySpan<char> value)
    {
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 0x20 && c != '"' && c != '\\')
            {
                continue;
            }

            sink.WriteUtf8(value[start..i]);
            start = i + 1;
            switch (c)
            {
                case '"': sink.Write("\\\""u8); break;
                case '\\': sink.Write("\\\\"u8); break;
                case '\n': sink.Write("\\n"u8); break;
                case '\r': sink.Write("\\r"u8); break;
                case '\t': sink.Write("\\t"u8); break;
                case '\b': sink.Write("\\b"u8); break;
                case '\f': sink.Write("\\f"u8); break;
                default:
                    sink.WriteUtf8($"\\u{(int)c:x4}");
                    break;
            }
        }

        sink.WriteUtf8(value[start..]);
    }

    /// <summary>The text of a JSON string element. Strings without escapes are copied from the
    /// input bytes, the common case, without building a .NET string.</summary>
    public static void WriteUnescapedString(ByteSink sink, JsonElement stringElement)
    {
        var raw = JsonMarshal.GetRawUtf8Value(stringElement);
        var content = raw[1..^1];
        if (content.IndexOf((byte)'\\') < 0)
        {
            sink.Write(content);
        }
        else
        {
            sink.WriteUtf8(stringElement.GetString());
        }
    }
}
