using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Dapper;
using Labelit.Data.Datasets;
using Labelit.Data.Storage;
using Labelit.Plugins;
using Labelit.Plugins.Hosting;
using Labelit.Worker.LabelStudio;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Labelit.Worker.Datasets;

/// <summary>Thrown when the user cancelled a sync from the UI or the API.</summary>
public sealed class SyncCancelledException() : Exception("The sync was cancelled.");

/// <summary>
/// One dataset sync: list every location (page by page, no object limit), record what is new,
/// changed or gone, then create one LS task per new object. Repeating it creates no duplicates:
/// objects are marked before and after each LS import, and a crash in between is settled by reading
/// the object ids back from the tasks' meta.
/// </summary>
public sealed class DatasetSyncRunner(
    NpgsqlDataSource dataSource,
    DatasetSyncQueue queue,
    DatasetObjects objects,
    StorageConnectionReader connections,
    StoragePluginRegistry plugins,
    UploadedFiles uploads,
    RunningInstances instances,
    LabelStudioTasks tasks,
    IOptions<DatasetSyncOptions> options,
    ILogger<DatasetSyncRunner> logger)
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);

    private DatasetSyncOptions Options => options.Value;

    /// <param name="cancelled">Signalled when someone cancels this run.</param>
    /// <param name="stoppingToken">Signalled when the Worker stops: the run is left for another Worker to take over.</param>
    public async Task RunAsync(ClaimedSync sync, CancellationToken cancelled, CancellationToken stoppingToken)
    {
        var progress = new Progress();
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancelled, stoppingToken);
        try
        {
            await SyncAsync(sync, progress, either.Token);
            await queue.FinishAsync(sync.Id, "succeeded", progress.Snapshot, null);
            logger.LogInformation("Dataset sync {SyncId} of project {ProjectId}: {Listed} listed, {Added} new, {Changed} changed, {Removed} removed, {Imported} imported; " +
                "listing {ListingSeconds:F2} s, comparing {CompareSeconds:F2} s, creating tasks {ImportSeconds:F2} s (of which LS answering imports {LabelStudioSeconds:F2} s)",
                sync.Id, sync.ProjectId, progress.Listed, progress.Added, progress.Changed, progress.Removed, progress.Imported,
                progress.ListingSeconds, progress.CompareSeconds, progress.ImportSeconds, progress.LabelStudioSeconds);
        }
        catch (Exception e) when (e is SyncCancelledException || (e is OperationCanceledException && cancelled.IsCancellationRequested && !stoppingToken.IsCancellationRequested))
        {
            await queue.FinishAsync(sync.Id, "cancelled", progress.Snapshot, "Cancelled before the end: objects listed so far are recorded, nothing was reported removed.");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The Worker is stopping: leave the run 'running' so it is taken over once its heartbeat is stale.
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Whatever went wrong is the run's error, shown on the dataset page; the Worker goes on.
            logger.LogWarning("Dataset sync {SyncId} of project {ProjectId} failed: {Error}", sync.Id, sync.ProjectId, e.Message);
            await queue.FinishAsync(sync.Id, "failed", progress.Snapshot, e.Message);
        }
    }

    private async Task SyncAsync(ClaimedSync sync, Progress progress, CancellationToken cancellationToken)
    {
        var project = await ReadProjectAsync(sync.ProjectId, cancellationToken)
            ?? throw new InvalidOperationException("The project no longer exists.");
        var shape = TaskShape.From(project.LabelConfig, out var shapeProblem) ?? throw new InvalidOperationException(shapeProblem);
        var filter = ObjectFilter.Parse(project.Dataset.Filter, out var filterProblem);
        if (filterProblem is not null)
            throw new InvalidOperationException(filterProblem);
        using var sources = await DatasetSources.OpenAsync(sync.ProjectId, project.Dataset, connections, plugins, uploads, cancellationToken);
        var target = await instances.WaitAsync(sync.ProjectId, Options.InstanceWait, cancellationToken);
        await SettleInterruptedImportsAsync(sync.ProjectId, target, cancellationToken);

        var phase = Stopwatch.GetTimestamp();
        await using (var snapshot = await ListingSnapshot.StartAsync(dataSource, sync.ProjectId, cancellationToken))
        {
            // The next page is fetched while the current one is written to the database.
            var pages = Channel.CreateBounded<IReadOnlyList<StorageObject>>(4);
            using var stopListing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var listing = ListAsync(sources, filter, pages.Writer, stopListing.Token);
            var lastReport = Stopwatch.GetTimestamp();
            try
            {
                await foreach (var page in pages.Reader.ReadAllAsync(cancellationToken))
                {
                    await snapshot.AddAsync(page, cancellationToken);
                    progress.Listed += page.Count;
                    if (Stopwatch.GetElapsedTime(lastReport) > ReportInterval)
                    {
                        await ReportAsync(sync, progress, cancellationToken);
                        lastReport = Stopwatch.GetTimestamp();
                    }
                }
            }
            finally
            {
                await stopListing.CancelAsync(); // a cancelled or failed run must not leave the lister waiting on a full channel
            }
            progress.ListingSeconds = Stopwatch.GetElapsedTime(phase).TotalSeconds;
            phase = Stopwatch.GetTimestamp();
            await listing; // rethrows a listing failure: then nothing is compared, so nothing is reported removed
            await ReportAsync(sync, progress, cancellationToken);
            var outcome = await snapshot.CompareAsync(cancellationToken);
            (progress.Added, progress.Changed, progress.Removed) = (outcome.Added, outcome.Changed, outcome.Removed);
            progress.CompareSeconds = Stopwatch.GetElapsedTime(phase).TotalSeconds;
            phase = Stopwatch.GetTimestamp();
        }

        progress.ToImport = await objects.CountNewAsync(sync.ProjectId, cancellationToken);
        await ReportAsync(sync, progress, cancellationToken);
        while (true)
        {
            var batch = await objects.TakeNewAsync(sync.ProjectId, sync.Id, Options.ImportBatchSize, cancellationToken);
            if (batch.Count == 0)
                break;
            try
            {
                var taskArray = await BuildTasksAsync(batch, shape, project.Slug, sources, cancellationToken);
                await instances.KeepAliveAsync(sync.ProjectId, cancellationToken);
                var importing = Stopwatch.GetTimestamp();
                await tasks.ImportAsync(target, taskArray, cancellationToken);
                progress.LabelStudioSeconds += Stopwatch.GetElapsedTime(importing).TotalSeconds;
            }
            catch (Exception e) when (e is not HttpRequestException and not OperationCanceledException)
            {
                // The batch never reached LS: it goes back to the queue for the next sync.
                await objects.ReleaseAsync(batch.Select(o => o.Id).ToList(), CancellationToken.None);
                throw;
            }
            await objects.MarkImportedAsync(batch.Select(o => o.Id).ToList(), CancellationToken.None);
            progress.Imported += batch.Count;
            await ReportAsync(sync, progress, cancellationToken);
        }
        progress.ImportSeconds = Stopwatch.GetElapsedTime(phase).TotalSeconds;
    }

    /// <summary>Objects a crashed run sent to LS: those whose id LS has in a task's meta are imported, the rest are queued again.</summary>
    private async Task SettleInterruptedImportsAsync(long projectId, LabelStudioTarget target, CancellationToken cancellationToken)
    {
        var interrupted = await objects.InterruptedImportsAsync(projectId, cancellationToken);
        if (interrupted.Count == 0)
            return;
        var inLabelStudio = await tasks.ImportedObjectIdsAsync(target, cancellationToken);
        var arrived = interrupted.Where(inLabelStudio.Contains).ToList();
        await objects.MarkImportedAsync(arrived, cancellationToken);
        await objects.ReleaseAsync(interrupted.Except(arrived).ToList(), cancellationToken);
        logger.LogInformation("Project {ProjectId}: {Arrived} objects of an interrupted import reached LS, {Again} will be imported again",
            projectId, arrived.Count, interrupted.Count - arrived.Count);
    }

    private static async Task ListAsync(DatasetSources sources, ObjectFilter filter,
        ChannelWriter<IReadOnlyList<StorageObject>> pages, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var location in sources.Locations)
            {
                var prefix = StoragePath.Parse(location);
                await foreach (var page in sources.For(prefix).ListAsync(prefix, cancellationToken))
                {
                    var wanted = page.Where(o => !o.Path.Key.EndsWith('/') && filter.Matches(RelativeKey(prefix, o.Path))).ToList();
                    if (wanted.Count > 0)
                        await pages.WriteAsync(wanted, cancellationToken);
                }
            }
            pages.Complete();
        }
        catch (Exception e)
        {
            pages.Complete(e);
            throw;
        }
    }

    private async Task<JsonArray> BuildTasksAsync(IReadOnlyList<PendingObject> batch, TaskShape shape, string slug, DatasetSources sources,
        CancellationToken cancellationToken)
    {
        var values = new JsonNode?[batch.Count];
        if (shape.InlineText)
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, batch.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (i, token) => values[i] = await ReadTextAsync(batch[i], sources, token));
        }
        var array = new JsonArray();
        for (var i = 0; i < batch.Count; i++)
        {
            array.Add(new JsonObject
            {
                ["data"] = new JsonObject { [shape.DataKey] = values[i] ?? TaskShape.MediaUrl(slug, batch[i].Id, batch[i].Location) },
                ["meta"] = new JsonObject { [LabelStudioTasks.ObjectIdMetaKey] = batch[i].Id, ["location"] = batch[i].Location },
            });
        }
        return array;
    }

    private async Task<JsonNode> ReadTextAsync(PendingObject item, DatasetSources sources, CancellationToken cancellationToken)
    {
        if (item.Size > Options.MaxInlineTextBytes)
            throw new InvalidOperationException($"{item.Location} has {item.Size:N0} bytes; text tasks hold at most {Options.MaxInlineTextBytes:N0}. " +
                "Use <Text valueType=\"url\"> for long documents, or leave the file out with the filter.");
        var path = StoragePath.Parse(item.Location);
        await using var stream = await sources.For(path).OpenReadAsync(path, cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return JsonValue.Create(await reader.ReadToEndAsync(cancellationToken));
    }

    private async Task ReportAsync(ClaimedSync sync, Progress progress, CancellationToken cancellationToken)
    {
        if (await queue.ReportAsync(sync.Id, progress.Snapshot, cancellationToken))
            throw new SyncCancelledException();
    }

    private static string RelativeKey(StoragePath prefix, StoragePath path) =>
        path.Key.StartsWith(prefix.Key, StringComparison.Ordinal) ? path.Key[prefix.Key.Length..].TrimStart('/') : path.Key;

    private async Task<SyncProject?> ReadProjectAsync(long projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Slug, string LabelConfig, string Dataset)>(new CommandDefinition(
            "SELECT slug, label_config, dataset::text FROM projects WHERE id = @projectId AND deleted_at IS NULL",
            new { projectId }, cancellationToken: cancellationToken));
        return row.Slug is null ? null : new SyncProject(row.Slug, row.LabelConfig, SyncDataset.Parse(row.Dataset));
    }

    private sealed class Progress
    {
        public int Listed, Added, Changed, Removed, ToImport, Imported;
        public double ListingSeconds, CompareSeconds, ImportSeconds, LabelStudioSeconds;
        public SyncProgress Snapshot => new(Listed, Added, Changed, Removed, ToImport, Imported);
    }
}
