using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Labelit.Plugins;
using Labelit.Worker.LabelStudio;

namespace Labelit.Worker.Datasets;

/// <summary>Where one sync's tasks go and how they are made.</summary>
public sealed record ImportTarget(long ProjectId, string Slug, TaskShape Shape, DatasetSources Sources, LabelStudioTarget LabelStudio);

/// <summary>
/// The LS side of one sync: new objects arrive while the listing goes on, and each batch becomes
/// tasks in one LS import call, then is marked imported. Each task's meta names its object, so a
/// batch whose answer never came is settled by the next sync instead of being sent twice.
/// </summary>
public sealed class TaskImporter(
    ImportTarget target,
    DatasetObjects objects,
    LabelStudioTasks tasks,
    RunningInstances instances,
    DatasetSyncOptions options,
    SyncCounters counters)
{
    /// <summary>The objects of the import call in progress when the import stopped: whether LS created their tasks is unknown.</summary>
    public IReadOnlyCollection<long> Uncertain { get; private set; } = [];

    public async Task RunAsync(ChannelReader<IReadOnlyList<PendingObject>> pending, CancellationToken cancellationToken)
    {
        var batch = new List<PendingObject>();
        while (await pending.WaitToReadAsync(cancellationToken))
        {
            // Whatever has arrived, up to a batch: small batches while LS keeps up, full ones when it is the slower side.
            while (batch.Count < options.ImportBatchSize && pending.TryRead(out var arrived))
                batch.AddRange(arrived);
            await ImportAsync(batch, cancellationToken);
            batch.Clear();
        }
    }

    private async Task ImportAsync(IReadOnlyList<PendingObject> batch, CancellationToken cancellationToken)
    {
        var texts = await ReadInlineTextsAsync(batch, cancellationToken);
        await instances.KeepAliveAsync(target.ProjectId, cancellationToken);
        var ids = batch.Select(o => o.Id).ToList();
        var started = Stopwatch.GetTimestamp();
        Uncertain = ids;
        try
        {
            await tasks.ImportAsync(target.LabelStudio, writer => WriteTasks(writer, batch, texts), cancellationToken);
        }
        catch (InvalidOperationException)
        {
            Uncertain = []; // LS answered with a refusal: it created nothing
            throw;
        }
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await objects.MarkImportedAsync(ids, CancellationToken.None);
        Uncertain = [];
        counters.Imported(batch.Count, seconds);
    }

    /// <summary>Each object's data value: its text for text tasks, else nothing yet (its media URL is written with the task).</summary>
    private async Task<string?[]> ReadInlineTextsAsync(IReadOnlyList<PendingObject> batch, CancellationToken cancellationToken)
    {
        var texts = new string?[batch.Count];
        if (target.Shape.InlineText)
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, batch.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (i, token) => texts[i] = await ReadTextAsync(batch[i], token));
        }
        return texts;
    }

    // Written straight to the request body: building a JSON document of a whole batch first cost the Worker more than sending it.
    private void WriteTasks(Utf8JsonWriter writer, IReadOnlyList<PendingObject> batch, string?[] texts)
    {
        writer.WriteStartArray();
        for (var i = 0; i < batch.Count; i++)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("data");
            writer.WriteString(target.Shape.DataKey, texts[i] ?? TaskShape.MediaUrl(target.Slug, batch[i].Id, batch[i].Location));
            writer.WriteEndObject();
            writer.WriteStartObject("meta");
            writer.WriteNumber(LabelStudioTasks.ObjectIdMetaKey, batch[i].Id);
            writer.WriteString("location", batch[i].Location);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private async Task<string> ReadTextAsync(PendingObject item, CancellationToken cancellationToken)
    {
        if (item.Size > options.MaxInlineTextBytes)
            throw new InvalidOperationException($"{item.Location} has {item.Size:N0} bytes; text tasks hold at most {options.MaxInlineTextBytes:N0}. " +
                "Use <Text valueType=\"url\"> for long documents, or leave the file out with the filter.");
        var path = StoragePath.Parse(item.Location);
        await using var stream = await target.Sources.For(path).OpenReadAsync(path, cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
