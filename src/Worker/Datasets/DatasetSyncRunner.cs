using System.Diagnostics;
using System.Runtime.ExceptionServices;
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
/// changed or gone, and create one LS task per new object while the listing goes on. Repeating it
/// creates no duplicates: objects are recorded as being imported before their LS import and marked
/// imported after it, and a crash in between is settled by reading the object ids back from the tasks' meta.
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
    Labelit.Worker.Distribution.NewTaskDistributor distributor,
    IOptions<DatasetSyncOptions> options,
    ILogger<DatasetSyncRunner> logger)
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);

    // Recorded pages waiting for LS: when LS is the slower side, listing waits rather than holding a large bucket in memory.
    private const int PendingPages = 16;

    private DatasetSyncOptions Options => options.Value;

    /// <summary>Split mode: the new tasks go to annotators now; failing that, the next progress tick does it (the sync itself succeeded).</summary>
    private async Task DistributeNewTasksAsync(long projectId, CancellationToken cancellationToken)
    {
        try
        {
            await distributor.AfterSyncAsync(projectId, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "New tasks of project {ProjectId} were not distributed after its sync; the next progress read will", projectId);
        }
    }

    /// <param name="cancelled">Signalled when someone cancels this run.</param>
    /// <param name="stoppingToken">Signalled when the Worker stops: the run is left for another Worker to take over.</param>
    public async Task RunAsync(ClaimedSync sync, CancellationToken cancelled, CancellationToken stoppingToken)
    {
        using var activity = WorkerActivities.StartRun("dataset sync", sync.Id, sync.ProjectId);
        var counters = new SyncCounters();
        var started = Stopwatch.GetTimestamp();
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancelled, stoppingToken);
        try
        {
            await SyncAsync(sync, counters, either.Token);
            await queue.FinishAsync(sync.Id, "succeeded", counters.Snapshot, null);
            var done = counters.Snapshot;
            logger.LogInformation("Dataset sync {SyncId} of project {ProjectId}: {Listed} listed, {Added} new, {Changed} changed, {Removed} removed, {Imported} imported " +
                "in {Seconds:F2} s; listing and recording {ListingSeconds:F2} s (of which recording statements {RecordSeconds:F2} s), LS answering imports {LabelStudioSeconds:F2} s",
                sync.Id, sync.ProjectId, done.Listed, done.Added, done.Changed, done.Removed, done.Imported, Stopwatch.GetElapsedTime(started).TotalSeconds,
                counters.ListingSeconds, counters.RecordSeconds, counters.LabelStudioSeconds);
            await DistributeNewTasksAsync(sync.ProjectId, stoppingToken);
        }
        catch (Exception e) when (e is SyncCancelledException || (e is OperationCanceledException && cancelled.IsCancellationRequested && !stoppingToken.IsCancellationRequested))
        {
            await queue.FinishAsync(sync.Id, "cancelled", counters.Snapshot, "Cancelled before the end: objects listed so far are recorded, nothing was reported removed.");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The Worker is stopping: leave the run 'running' so it is taken over once its heartbeat is stale.
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Whatever went wrong is the run's error, shown on the dataset page; the Worker goes on.
            logger.LogWarning("Dataset sync {SyncId} of project {ProjectId} failed: {Error}", sync.Id, sync.ProjectId, e.Message);
            await queue.FinishAsync(sync.Id, "failed", counters.Snapshot, e.Message);
        }
    }

    private async Task SyncAsync(ClaimedSync sync, SyncCounters counters, CancellationToken cancellationToken)
    {
        var project = await ReadProjectAsync(sync.ProjectId, cancellationToken)
            ?? throw new InvalidOperationException("The project no longer exists.");
        var shape = TaskShape.From(project.LabelConfig, out var shapeProblem) ?? throw new InvalidOperationException(shapeProblem);
        var filter = ObjectFilter.Parse(project.Dataset.Filter, out var filterProblem);
        if (filterProblem is not null)
            throw new InvalidOperationException(filterProblem);
        using var sources = await DatasetSources.OpenAsync(sync.ProjectId, project.Dataset, connections, plugins, uploads, cancellationToken);
        var labelStudio = await instances.WaitAsync(sync.ProjectId, Options.InstanceWait, cancellationToken);
        await SettleInterruptedImportsAsync(sync.ProjectId, labelStudio, cancellationToken);

        // Three stages run side by side: listing and recording, LS imports, and progress reports; the
        // first to fail stops the others, and its error is the run's.
        var importer = new TaskImporter(new ImportTarget(sync.ProjectId, project.Slug, shape, sources, labelStudio), objects, tasks, instances, Options, counters);
        using var pipeline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopReporting = CancellationTokenSource.CreateLinkedTokenSource(pipeline.Token);
        var pending = Channel.CreateBounded<IReadOnlyList<PendingObject>>(new BoundedChannelOptions(PendingPages) { SingleReader = true, SingleWriter = true });
        var recording = StopAllOnFailure(RecordAsync(sync, sources, filter, counters, pending.Writer, pipeline.Token), pipeline);
        var importing = StopAllOnFailure(importer.RunAsync(pending.Reader, pipeline.Token), pipeline);
        var reporting = StopAllOnFailure(ReportWhileRunningAsync(sync, counters, stopReporting.Token), pipeline);
        try
        {
            await Task.WhenAll(recording, importing);
        }
        catch (Exception)
        {
            await stopReporting.CancelAsync();
            await Task.WhenAny(reporting); // waits for it to stop without throwing: its error, if any, is read below
            await ReleaseUnsentAsync(sync, importer.Uncertain);
            var cause = new[] { recording, importing, reporting }.Select(s => s.Exception?.InnerException)
                .FirstOrDefault(e => e is not null and not OperationCanceledException);
            if (cause is not null)
                ExceptionDispatchInfo.Throw(cause);
            throw;
        }
        await stopReporting.CancelAsync();
        await Task.WhenAny(reporting);
    }

    private static async Task StopAllOnFailure(Task stage, CancellationTokenSource pipeline)
    {
        try
        {
            await stage;
        }
        catch
        {
            await pipeline.CancelAsync();
            throw;
        }
    }

    /// <summary>Lists every location, records each page as it arrives and hands its new objects to the import; then the objects queued earlier.</summary>
    private async Task RecordAsync(ClaimedSync sync, DatasetSources sources, ObjectFilter filter, SyncCounters counters,
        ChannelWriter<IReadOnlyList<PendingObject>> pending, CancellationToken cancellationToken)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            await using (var recorder = await ListingRecorder.StartAsync(dataSource, sync.ProjectId, sync.Id, cancellationToken))
            {
                // The next page is fetched while the current one is recorded.
                var pages = Channel.CreateBounded<IReadOnlyList<StorageObject>>(4);
                using var stopListing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var listing = ListAsync(sources, filter, pages.Writer, stopListing.Token);
                try
                {
                    await foreach (var page in pages.Reader.ReadAllAsync(cancellationToken))
                    {
                        var recordStarted = Stopwatch.GetTimestamp();
                        var recorded = await recorder.RecordAsync(page, cancellationToken);
                        counters.Recorded(page.Count, recorded.Added.Count, recorded.Changed, Stopwatch.GetElapsedTime(recordStarted).TotalSeconds);
                        if (recorded.Added.Count > 0)
                            await pending.WriteAsync(recorded.Added, cancellationToken);
                    }
                }
                finally
                {
                    await stopListing.CancelAsync(); // a cancelled or failed run must not leave the lister waiting on a full channel
                }
                await listing; // rethrows a listing failure: then nothing is reported removed
                counters.Removed(await recorder.MarkUnlistedRemovedAsync(cancellationToken));
            }
            counters.ListingSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

            // Objects an earlier run left for import (its import failed, or they were removed before their task was made and are back).
            IReadOnlyList<PendingObject> queued;
            var after = 0L;
            while ((queued = await objects.TakeNewAsync(sync.ProjectId, sync.Id, after, Options.ImportBatchSize, cancellationToken)).Count > 0)
            {
                counters.Queued(queued.Count);
                await pending.WriteAsync(queued, cancellationToken);
                after = queued[^1].Id;
            }
        }
        finally
        {
            pending.TryComplete();
        }
    }

    private async Task ReportWhileRunningAsync(ClaimedSync sync, SyncCounters counters, CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(ReportInterval, cancellationToken);
            if (await queue.ReportAsync(sync.Id, counters.Snapshot, cancellationToken))
                throw new SyncCancelledException();
        }
    }

    /// <summary>Best effort: what the stopped run recorded but never sent goes back to the queue (else the next sync asks LS about it).</summary>
    private async Task ReleaseUnsentAsync(ClaimedSync sync, IReadOnlyCollection<long> uncertain)
    {
        try
        {
            await objects.ReleaseUnsentAsync(sync.ProjectId, sync.Id, uncertain, CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            logger.LogWarning("Dataset sync {SyncId}: its unsent objects stay marked until the next sync settles them: {Error}", sync.Id, e.Message);
        }
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
}
