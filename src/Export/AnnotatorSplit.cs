using System.Text.Json;
using Labelit.Export.Input;

namespace Labelit.Export;

/// <summary>One author's share of an LS raw JSON export: the tasks they annotated, with only their annotations.</summary>
/// <param name="LsUserId">The author's LS user id (an annotation's completed_by, or its id when LS gives the user).</param>
/// <param name="RawJsonPath">Their tasks as LS raw JSON, which <see cref="ExportConverter"/> converts like the whole export.</param>
public sealed record AnnotatorShare(long LsUserId, string RawJsonPath, int Tasks, int Annotations);

/// <summary>
/// Splits LS's raw JSON export by annotation author, streaming (one task in memory, one open file per
/// author). Each task goes to every author who annotated it, its annotations narrowed to that author's;
/// everything else in the task (data, predictions, drafts, meta) is copied byte for byte.
/// </summary>
public static class AnnotatorSplit
{
    public static async Task<IReadOnlyList<AnnotatorShare>> SplitAsync(Stream rawJson, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rawJson);
        Directory.CreateDirectory(folder);
        var writers = new Dictionary<long, AuthorFile>();
        try
        {
            await foreach (var task in TaskStreamReader.ReadTasksAsync(rawJson, cancellationToken))
            {
                if (!task.TryGetProperty("annotations", out var annotations) || annotations.ValueKind != JsonValueKind.Array)
                    continue;
                foreach (var author in annotations.EnumerateArray().Select(Author).OfType<long>().Distinct())
                {
                    if (!writers.TryGetValue(author, out var file))
                        writers[author] = file = new AuthorFile(Path.Combine(folder, $"annotator-{author}.json"));
                    file.Write(task, author);
                    if (file.PendingBytes > 64 * 1024)
                        await file.FlushAsync(cancellationToken);
                }
            }
            var shares = new List<AnnotatorShare>();
            foreach (var (author, file) in writers.OrderBy(w => w.Key))
            {
                await file.CloseAsync(cancellationToken);
                shares.Add(new AnnotatorShare(author, file.Path, file.Tasks, file.Annotations));
            }
            return shares;
        }
        finally
        {
            foreach (var file in writers.Values)
                await file.DisposeAsync();
        }
    }

    /// <summary>LS's completed_by: the user's id, or the user with an id.</summary>
    internal static long? Author(JsonElement annotation) =>
        annotation.ValueKind != JsonValueKind.Object || !annotation.TryGetProperty("completed_by", out var by) ? null
        : by.ValueKind == JsonValueKind.Number && by.TryGetInt64(out var id) ? id
        : by.ValueKind == JsonValueKind.Object && by.TryGetProperty("id", out var nested) && nested.TryGetInt64(out var nestedId) ? nestedId
        : null;

    private sealed class AuthorFile : IAsyncDisposable
    {
        private readonly FileStream stream;
        private readonly Utf8JsonWriter writer;

        public AuthorFile(string path)
        {
            Path = path;
            stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            writer = new Utf8JsonWriter(stream, new JsonWriterOptions { SkipValidation = true });
            writer.WriteStartArray();
        }

        public string Path { get; }
        public int Tasks { get; private set; }
        public int Annotations { get; private set; }
        public long PendingBytes => writer.BytesPending;

        /// <summary>The task as LS wrote it, but for annotations by others.</summary>
        public void Write(JsonElement task, long author)
        {
            writer.WriteStartObject();
            foreach (var property in task.EnumerateObject())
            {
                writer.WritePropertyName(property.Name);
                if (property.NameEquals("annotations"))
                {
                    writer.WriteStartArray();
                    foreach (var annotation in property.Value.EnumerateArray().Where(a => Author(a) == author))
                    {
                        writer.WriteRawValue(annotation.GetRawText(), skipInputValidation: true);
                        Annotations++;
                    }
                    writer.WriteEndArray();
                }
                else
                {
                    writer.WriteRawValue(property.Value.GetRawText(), skipInputValidation: true);
                }
            }
            writer.WriteEndObject();
            Tasks++;
        }

        public Task FlushAsync(CancellationToken cancellationToken) => writer.FlushAsync(cancellationToken);

        public async Task CloseAsync(CancellationToken cancellationToken)
        {
            writer.WriteEndArray();
            await writer.FlushAsync(cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            await writer.DisposeAsync();
            await stream.DisposeAsync();
        }
    }
}
