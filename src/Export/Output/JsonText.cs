namespace Labelit.Export.Output;

/// <summary>JSON string escaping as LS's ujson with ensure_ascii=False: quotes, backslashes,
/// control characters and forward slashes ("\/", ujson's default) are escaped; everything else
/// stays UTF-8. Matching the slashes keeps files byte-for-byte comparable with LS's.</summary>
internal static class JsonText
{
    public static void WriteEscaped(ByteSink sink, ReadOnlySpan<char> value)
    {
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 0x20 && c != '"' && c != '\\' && c != '/')
            {
                continue;
            }

            sink.WriteUtf8(value[start..i]);
            start = i + 1;
            switch (c)
            {
                case '"': sink.Write("\\\""u8); break;
                case '\\': sink.Write("\\\\"u8); break;
                case '/': sink.Write("\\/"u8); break;
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

    /// <summary>Copies the escaped content of an input string (or name), adding ujson's "\/"
    /// for slashes the input left bare.</summary>
    public static void WriteRawEscapingSlashes(ByteSink sink, ReadOnlySpan<byte> escaped)
    {
        while (true)
        {
            var next = escaped.IndexOfAny((byte)'/', (byte)'\\');
            if (next < 0)
            {
                sink.Write(escaped);
                return;
            }

            if (escaped[next] == (byte)'\\')
            {
                // An escape sequence: copy it whole, whatever it escapes.
                var end = Math.Min(next + 2, escaped.Length);
                sink.Write(escaped[..end]);
                escaped = escaped[end..];
                continue;
            }

            sink.Write(escaped[..next]);
            sink.Write("\\/"u8);
            escaped = escaped[(next + 1)..];
        }
    }
}
