using System.Text.Json;
using System.Text.Json.Nodes;
using Labelit.Data.Distribution;

namespace Labelit.Worker.Distribution;

/// <summary>
/// For a project whose exports hold accepted annotations only: rewrites LS's raw JSON snapshot
/// before it is converted, keeping each task's accepted annotations and dropping tasks left with
/// none (as LS's own export leaves out tasks with no annotation). Reads one task at a time.
/// </summary>
public sealed class AcceptedOnlyExports(DistributionStore distribution, ReviewStore reviews)
{
    public async Task ApplyAsync(long projectId, string rawPath, CancellationToken cancellationToken)
    {
        if (!(await distribution.GetSettingsAsync(projectId, cancellationToken)).ExportAcceptedOnly)
            return;
        var accepted = await reviews.AcceptedAsync(projectId, cancellationToken);
        var filtered = rawPath + ".accepted";
        await using (var input = File.OpenRead(rawPath))
        await using (var output = File.Create(filtered))
        await using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartArray();
            await foreach (var task in JsonSerializer.DeserializeAsyncEnumerable<JsonObject>(input, cancellationToken: cancellationToken))
            {
                if (task?["annotations"] is not JsonArray annotations)
                    continue;
                var kept = annotations.Where(a => a?["id"] is JsonValue id && id.TryGetValue<int>(out var value) && accepted.Contains(value))
                    .Select(a => a!.DeepClone()).ToArray();
                if (kept.Length == 0)
                    continue;
                task["annotations"] = new JsonArray(kept);
                task.WriteTo(writer);
                if (writer.BytesPending > 64 * 1024)
                    await writer.FlushAsync(cancellationToken);
            }
            writer.WriteEndArray();
        }
        File.Move(filtered, rawPath, overwrite: true);
    }
}
