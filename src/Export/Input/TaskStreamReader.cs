using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Labelit.Export.Input;

/// <summary>Reads LS's raw JSON export (one array of task objects) one task at a time, so
/// memory holds one task, not the export. Each task is parsed in place from the read buffer
/// and its document is released as soon as the consumer moves to the next one.</summary>
internal static class TaskStreamReader
{
    private const int InitialBufferSize = 64 * 1024;
    private const int MaxTaskSize = 512 * 1024 * 1024;
    internal static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    private enum Step { NeedMoreData, Task, EndOfArray }

    private sealed class Cursor
    {
        public byte[] Buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        public int Start;
        public int End;
        public long BufferOffset; // absolute input position of Buffer[0], for error messages
        public bool EndOfInput;
        public bool InsideArray;
        public JsonReaderState State = new(ReaderOptions);
        public int TaskStart;
        public int TaskLength;
        public int TasksRead;
    }

    public static async IAsyncEnumerable<JsonElement> ReadTasksAsync(
        Stream input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var cursor = new Cursor();
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (Advance(cursor))
                {
                    case Step.EndOfArray:
                        await EnsureOnlyWhitespaceFollowsAsync(input, cursor, cancellationToken);
                        yield break;
                    case Step.NeedMoreData:
                        await FillAsync(input, cursor, cancellationToken);
                        continue;
                }

                using var task = JsonDocument.Parse(
                    cursor.Buffer.AsMemory(cursor.TaskStart, cursor.TaskLength), DocumentOptions);
                cursor.TasksRead++;
                yield return task.RootElement;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(cursor.Buffer);
        }
    }

    private static Step Advance(Cursor c)
    {
        var reader = NewReader(c);
        try
        {
            if (!c.InsideArray)
            {
                if (SkipByteOrderMark(c, ref reader) is false)
                {
                    return MoreOrFail(c, "The export is empty: expected a JSON array of tasks.");
                }

                if (!reader.Read())
                {
                    return MoreOrFail(c, c.Buffer.AsSpan(c.Start, c.End - c.Start).Trim(" \t\r\n"u8).IsEmpty
                        ? "The export is empty: expected a JSON array of tasks."
                        : "The export must be a JSON array of tasks, but it starts with something else.");
                }

                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new ExportException(
                        "The export must be a JSON array of tasks ([{\"id\": ..., \"data\": {...}, \"annotations\": [...]}, ...]), " +
                        $"but it starts with {Describe(reader.TokenType)}.");
                }

                Commit(c, ref reader);
                c.InsideArray = true;
            }

            if (!reader.Read())
            {
                return MoreOrFail(c, "The export ends before its closing ']': the file is truncated.");
            }

            if (reader.TokenType == JsonTokenType.EndArray)
            {
                Commit(c, ref reader);
                return Step.EndOfArray;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new ExportException(
                    $"Task #{c.TasksRead + 1} of the export is {Describe(reader.TokenType)}, not a task object.");
            }

            var taskStart = c.Start + (int)reader.TokenStartIndex;
            if (!reader.TrySkip())
            {
                return MoreOrFail(c, $"The export ends inside task #{c.TasksRead + 1}: the file is truncated.");
            }

            c.TaskStart = taskStart;
            c.TaskLength = c.Start + (int)reader.BytesConsumed - taskStart;
            Commit(c, ref reader);
            return Step.Task;
        }
        catch (JsonException e)
        {
            throw new ExportException(
                $"The export is not valid JSON near byte {c.BufferOffset + c.Start + reader.BytesConsumed} " +
                $"(in or after task #{c.TasksRead}): {e.Message}", e);
        }
    }

    /// <summary>Returns false when too few bytes have arrived to tell.</summary>
    private static bool SkipByteOrderMark(Cursor c, ref Utf8JsonReader reader)
    {
        if (c.BufferOffset != 0 || c.Start != 0)
        {
            return true;
        }

        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        var available = c.Buffer.AsSpan(0, c.End);
        if (available.Length < bom.Length && !c.EndOfInput && bom.StartsWith(available))
        {
            return false;
        }

        if (available.StartsWith(bom))
        {
            c.Start = bom.Length;
            reader = NewReader(c);
        }

        return true;
    }

    /// <summary>Never a final block: at the end of the input an unfinished value then reads as
    /// "needs more data", which is reported as truncation rather than as a syntax error.</summary>
    private static Utf8JsonReader NewReader(Cursor c) =>
        new(c.Buffer.AsSpan(c.Start, c.End - c.Start), isFinalBlock: false, c.State);

    private static Step MoreOrFail(Cursor c, string truncatedMessage) =>
        c.EndOfInput ? throw new ExportException(truncatedMessage) : Step.NeedMoreData;

    private static void Commit(Cursor c, ref Utf8JsonReader reader)
    {
        c.Start += (int)reader.BytesConsumed;
        c.State = reader.CurrentState;
        reader = NewReader(c);
    }

    private static async ValueTask FillAsync(Stream input, Cursor c, CancellationToken cancellationToken)
    {
        // Keep the unfinished task at the front; grow only when one task outgrows the buffer.
        if (c.Start > 0)
        {
            Buffer.BlockCopy(c.Buffer, c.Start, c.Buffer, 0, c.End - c.Start);
            c.BufferOffset += c.Start;
            c.End -= c.Start;
            c.Start = 0;
        }

        if (c.End == c.Buffer.Length)
        {
            if (c.Buffer.Length >= MaxTaskSize)
            {
                throw new ExportException($"Task #{c.TasksRead + 1} is larger than {MaxTaskSize / 1024 / 1024} MB.");
            }

            var bigger = ArrayPool<byte>.Shared.Rent(c.Buffer.Length * 2);
            Buffer.BlockCopy(c.Buffer, 0, bigger, 0, c.End);
            ArrayPool<byte>.Shared.Return(c.Buffer);
            c.Buffer = bigger;
        }

        var read = await input.ReadAsync(c.Buffer.AsMemory(c.End), cancellationToken);
        if (read == 0)
        {
            c.EndOfInput = true;
        }

        c.End += read;
    }

    private static async ValueTask EnsureOnlyWhitespaceFollowsAsync(
        Stream input, Cursor c, CancellationToken cancellationToken)
    {
        while (true)
        {
            for (var i = c.Start; i < c.End; i++)
            {
                if (c.Buffer[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    throw new ExportException(
                        $"Unexpected data after the closing ']' of the export at byte {c.BufferOffset + i}.");
                }
            }

            c.Start = c.End;
            if (c.EndOfInput)
            {
                return;
            }

            await FillAsync(input, c, cancellationToken);
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
