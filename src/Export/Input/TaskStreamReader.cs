using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Labelit.Export.Input;

/// <summary>Reads LS's raw JSON export (one array of task objects) one task at a time, so
/// memory holds one task, not the export. Each task's extent is found by a quick scan of
/// brackets and strings, then it is parsed (and fully validated) in place from the read buffer by
/// JsonDocument, whose document is released as soon as the consumer moves to the next task.</summary>
internal static class TaskStreamReader
{
    private const int InitialBufferSize = 64 * 1024;
    private const int MaxTaskSize = 512 * 1024 * 1024;
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    private enum Expect { ArrayStart, FirstTaskOrEnd, CommaOrEnd, Task, Nothing }

    private enum Step { NeedMoreData, Task, EndOfArray }

    private sealed class Cursor
    {
        public byte[] Buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        public int Start;
        public int End;
        public long BufferOffset; // absolute input position of Buffer[0], for error messages
        public bool EndOfInput;
        public Expect Expect = Expect.ArrayStart;
        public int TaskStart;
        public int TaskLength;
        public int TasksRead;

        public ReadOnlySpan<byte> Unread => Buffer.AsSpan(Start, End - Start);

        public long Position(int bufferIndex) => BufferOffset + bufferIndex;
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
                        yield break;
                    case Step.NeedMoreData:
                        await FillAsync(input, cursor, cancellationToken);
                        continue;
                }

                using var task = Parse(cursor);
                cursor.TasksRead++;
                yield return task.RootElement;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(cursor.Buffer);
        }
    }

    private static JsonDocument Parse(Cursor c)
    {
        try
        {
            return JsonDocument.Parse(c.Buffer.AsMemory(c.TaskStart, c.TaskLength), DocumentOptions);
        }
        catch (JsonException e)
        {
            var position = e.LineNumber == 0 && e.BytePositionInLine is { } inLine
                ? $"near byte {c.Position(c.TaskStart) + inLine}"
                : $"on line {e.LineNumber + 1} of task #{c.TasksRead + 1}";
            throw new ExportException(
                $"The export is not valid JSON {position} (in task #{c.TasksRead + 1}): {e.Message}", e);
        }
    }

    private static Step Advance(Cursor c)
    {
        while (true)
        {
            if (c.Expect == Expect.ArrayStart && !SkipByteOrderMark(c))
            {
                return Step.NeedMoreData;
            }

            var next = SkipWhitespace(c);
            if (next < 0)
            {
                return c.EndOfInput ? AtEndOfInput(c) : Step.NeedMoreData;
            }

            var value = c.Buffer[next];
            switch (c.Expect)
            {
                case Expect.ArrayStart:
                    if (value != (byte)'[')
                    {
                        throw new ExportException(
                            "The export must be a JSON array of tasks ([{\"id\": ..., \"data\": {...}, \"annotations\": [...]}, ...]), " +
                            $"but it starts with {Describe(value)}.");
                    }

                    c.Start = next + 1;
                    c.Expect = Expect.FirstTaskOrEnd;
                    continue;
                case Expect.CommaOrEnd:
                    if (value is not ((byte)',' or (byte)']'))
                    {
                        throw new ExportException(
                            $"The export is not valid JSON near byte {c.Position(next)}: expected ',' or ']' after task #{c.TasksRead}.");
                    }

                    c.Start = next + 1;
                    c.Expect = value == (byte)',' ? Expect.Task : Expect.Nothing; // after ']' only whitespace
                    continue;
                case Expect.FirstTaskOrEnd when value == (byte)']':
                    c.Start = next + 1;
                    c.Expect = Expect.Nothing;
                    continue;
                case Expect.FirstTaskOrEnd or Expect.Task:
                    if (value != (byte)'{')
                    {
                        throw new ExportException(
                            $"Task #{c.TasksRead + 1} of the export is {Describe(value)}, not a task object.");
                    }

                    var length = TaskExtent.Measure(c.Buffer.AsSpan(next, c.End - next));
                    if (length < 0)
                    {
                        return c.EndOfInput
                            ? throw new ExportException($"The export ends inside task #{c.TasksRead + 1}: the file is truncated.")
                            : Step.NeedMoreData;
                    }

                    c.TaskStart = next;
                    c.TaskLength = length;
                    c.Start = next + length;
                    c.Expect = Expect.CommaOrEnd;
                    return Step.Task;
                default:
                    throw new ExportException($"Unexpected data after the closing ']' of the export at byte {c.Position(next)}.");
            }
        }
    }

    private static Step AtEndOfInput(Cursor c) => c.Expect switch
    {
        Expect.Nothing => Step.EndOfArray,
        Expect.ArrayStart => throw new ExportException("The export is empty: expected a JSON array of tasks."),
        _ => throw new ExportException("The export ends before its closing ']': the file is truncated."),
    };

    /// <summary>Index in the buffer of the next non-whitespace byte, or -1 when none has arrived.</summary>
    private static int SkipWhitespace(Cursor c)
    {
        var offset = c.Unread.IndexOfAnyExcept(" \t\r\n"u8);
        if (offset < 0)
        {
            c.Start = c.End;
            return -1;
        }

        c.Start += offset;
        return c.Start;
    }

    /// <summary>False when too few bytes have arrived to tell.</summary>
    private static bool SkipByteOrderMark(Cursor c)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (c.BufferOffset != 0 || c.Start != 0)
        {
            return true;
        }

        if (c.Unread.Length < bom.Length && !c.EndOfInput && bom.StartsWith(c.Unread))
        {
            return false;
        }

        if (c.Unread.StartsWith(bom))
        {
            c.Start = bom.Length;
        }

        return true;
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
        c.EndOfInput = read == 0;
        c.End += read;
    }

    private static string Describe(byte first) => first switch
    {
        (byte)'{' => "an object",
        (byte)'[' => "an array",
        (byte)'"' => "a string",
        (byte)'t' or (byte)'f' => "a boolean",
        (byte)'n' => "null",
        (byte)'-' or (>= (byte)'0' and <= (byte)'9') => "a number",
        _ => $"'{(char)first}'",
    };
}
