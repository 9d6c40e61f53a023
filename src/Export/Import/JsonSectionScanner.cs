using System.Buffers;
using System.Text.Json;

namespace Labelit.Export.Import;

/// <summary>Walks a JSON object such as COCO's {"images": [...], "annotations": [...]} through a
/// fixed-size read buffer and hands over the elements of the arrays asked for one at a time, each
/// parsed on its own: memory holds one element, not the file (a 100,000-box COCO file is read
/// with a 64 KB buffer).</summary>
internal static class JsonSectionScanner
{
    private const int InitialBufferSize = 64 * 1024;
    private const int MaxElementSize = 64 * 1024 * 1024;

    /// <param name="onElement">Called with the section (the top-level property), the element's index in it, and the element.</param>
    public static void Scan(Stream input, string fileName, IReadOnlySet<string> sections, Action<string, int, JsonElement> onElement)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        var (start, end, final) = (0, 0, false);
        var state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        string? section = null;
        var index = 0;
        var started = false;
        try
        {
            while (true)
            {
                (start, end, final) = Fill(input, ref buffer, start, end, fileName);
                var reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), final, state);
                var consumed = 0L;
                try
                {
                    while (true)
                    {
                        var before = reader.CurrentState;
                        var consumedBefore = reader.BytesConsumed;
                        if (!reader.Read())
                            break;
                        if (!started)
                        {
                            started = true;
                            if (reader.TokenType != JsonTokenType.StartObject)
                                throw new LabelImportException($"{fileName} is not a COCO file: it must be one JSON object with \"images\", \"categories\" and \"annotations\".");
                        }

                        if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            section = reader.GetString();
                            index = 0;
                            continue;
                        }

                        if (reader.CurrentDepth != 2 || section is null || !sections.Contains(section) || IsEnd(reader.TokenType))
                            continue;
                        if (!JsonDocument.TryParseValue(ref reader, out var element))
                        {
                            // The element goes on past the buffer: read it again from its start once more has arrived.
                            state = before;
                            consumed = consumedBefore;
                            goto NeedMore;
                        }

                        using (element)
                            onElement(section, index++, element.RootElement);
                    }

                    consumed = reader.BytesConsumed;
                    state = reader.CurrentState;
                    if (final)
                        return;
                }
                catch (JsonException e)
                {
                    throw new LabelImportException(
                        $"{fileName} is not valid JSON near line {e.LineNumber + 1}" +
                        (section is null ? "" : $" (in \"{section}\", element #{index + 1})") + $": {e.Message} Fix the file and upload it again.", e);
                }

            NeedMore:
                start += (int)consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsEnd(JsonTokenType token) => token is JsonTokenType.EndArray or JsonTokenType.EndObject or JsonTokenType.PropertyName;

    /// <summary>Moves the unread bytes to the front and reads more after them; grows the buffer only for an element larger than it.</summary>
    private static (int Start, int End, bool Final) Fill(Stream input, ref byte[] buffer, int start, int end, string fileName)
    {
        if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }

        if (end == buffer.Length)
        {
            if (buffer.Length >= MaxElementSize)
                throw new LabelImportException($"{fileName} has one element larger than {MaxElementSize / 1024 / 1024} MB: it is not a label file Labelit can read.");
            var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
            Buffer.BlockCopy(buffer, 0, bigger, 0, end);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = bigger;
        }

        var read = input.ReadAtLeast(buffer.AsSpan(end), 1, throwOnEndOfStream: false);
        return (start, end + read, read == 0);
    }
}
