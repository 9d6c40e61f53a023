using System.Buffers;

namespace Labelit.Export.Input;

/// <summary>Finds where a JSON object ends by counting brackets outside strings. It does not
/// validate: JsonDocument does that when the task is parsed, so each task is tokenised once
/// instead of twice (Utf8JsonReader.TrySkip, then JsonDocument).</summary>
internal static class TaskExtent
{
    private static readonly SearchValues<byte> Structural = SearchValues.Create("\"{}[]"u8);
    private static readonly SearchValues<byte> StringEnd = SearchValues.Create("\"\\"u8);

    /// <summary>Length of the object starting at <paramref name="json"/>[0], or -1 when it does
    /// not end within <paramref name="json"/>.</summary>
    public static int Measure(ReadOnlySpan<byte> json)
    {
        var depth = 0;
        var i = 0;
        while (true)
        {
            var next = json[i..].IndexOfAny(Structural);
            if (next < 0)
            {
                return -1;
            }

            i += next;
            switch (json[i])
            {
                case (byte)'"':
                    i = SkipString(json, i + 1);
                    if (i < 0)
                    {
                        return -1;
                    }

                    break;
                case (byte)'{' or (byte)'[':
                    depth++;
                    i++;
                    break;
                default:
                    depth--;
                    i++;
                    if (depth == 0)
                    {
                        return i;
                    }

                    break;
            }
        }
    }

    /// <summary>Index just after the closing quote of a string whose content starts at <paramref name="i"/>.</summary>
    private static int SkipString(ReadOnlySpan<byte> json, int i)
    {
        while (true)
        {
            var next = json[i..].IndexOfAny(StringEnd);
            if (next < 0)
            {
                return -1;
            }

            i += next;
            if (json[i] == (byte)'"')
            {
                return i + 1;
            }

            i += 2; // a backslash escapes the next byte, a quote included
            if (i >= json.Length)
            {
                return -1;
            }
        }
    }
}
