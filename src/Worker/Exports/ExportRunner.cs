using System.Security.Cryptography;
using System.Text;
using Labelit.Export;
using Labelit.Export.Config;
using Labelit.Plugins;
using Labelit.Worker.LabelStudio;
using Labelit.Export.Provenance;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Labelit.Worker.Exports;

/// <summary>
/// Runs one claimed export: LS snapshot to a temp file, skip when nothing changed, convert to each
/// configured format, publish atomically, record the outcome, retry failures with backoff, apply retention.
/// </summary>
public sealed class ExportRunner(
    RunningInstances instances,
    LabelStudioExports labelStudio,
    ExportRunStore runs,
    ExportDestinations destinations,
    PerAnnotatorExports perAnnotator,
    NpgsqlDataSource dataSource,
    Labelit.Worker.Distribution.AcceptedOnlyExports acceptedOnly,
    IOptions<ExportOptions> options,
    TimeProvider clock,
    ILogger<ExportRunner> logger)
{
    public async Task RunAsync(ClaimedRun run, CancellationToken cancellationToken)
    {
        using var activity = WorkerActivities.StartRun("export", run.Id, run.ProjectId);
        using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var beating = HeartbeatAsync(run.Id, heartbeat.Token);
        try
        {
            await ExportAsync(run, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: hand the run back for the next Worker; this attempt does not count as a failure.
            await runs.ReleaseAsync(run.Id, CancellationToken.None);
        }
        catch (Exception e)
        {
            var permanent = e is PermanentExportException or ExportException or LabelConfigException or ArgumentException
                || e is StorageException { Failure: StorageFailure.InvalidSettings or StorageFailure.InvalidLocation };
            DateTimeOffset? retryAt = permanent || run.Attempt >= options.Value.MaxAttempts
                ? null
                : clock.GetUtcNow() + options.Value.RetryDelay * Math.Pow(2, run.Attempt - 1);
            logger.LogWarning("Export run {Run} of project {Project} failed (attempt {Attempt}){Retry}: {Error}",
                run.Id, run.ProjectId, run.Attempt, retryAt is null ? "" : $", retrying at {retryAt:u}", e.Message);
            await runs.FailAttemptAsync(run.Id, e.Message, retryAt, CancellationToken.None);
        }
        finally
        {
            await heartbeat.CancelAsync();
            await beating;
        }
        await ApplyRetentionAsync(run, CancellationToken.None);
    }

    private async Task ExportAsync(ClaimedRun run, CancellationToken cancellationToken)
    {
        var settings = ExportSettings.Parse(run.ExportSettingsJson);
        var formats = settings.Formats.Select(ExportFormatNames.Parse).Distinct().ToList();
        if (formats.Count == 0)
            throw new PermanentExportException("The project's export settings name no format.");
        var config = LabelConfig.Parse(run.LabelConfig);
        var refused = formats.Where(f => !config.Allows(f)).ToList();
        if (refused.Count > 0)
            throw new PermanentExportException($"{string.Join(", ", refused.Select(f => f.ToLabelStudioName()))} cannot be exported for this label config. " +
                $"Available: {string.Join(", ", config.AllowedFormats.Select(f => f.ToLabelStudioName()))}.");

        var startedAt = clock.GetUtcNow();
        var raw = Path.Combine(Path.GetTempPath(), $"labelit-export-raw-{run.Id}-{Guid.NewGuid():N}.json");
        var provenance = Path.ChangeExtension(raw, ".provenance.csv");
        try
        {
            var target = await instances.WaitAsync(run.ProjectId, options.Value.InstanceWait, cancellationToken);
            await labelStudio.DownloadRawJsonAsync(target, $"Labelit export run {run.Id}", raw, options.Value.SnapshotWait, cancellationToken);
            await acceptedOnly.ApplyAsync(run.ProjectId, raw, cancellationToken);
            await instances.KeepAliveAsync(run.ProjectId, cancellationToken);

            // Written first: a changed storage object is news even when LS's tasks are not.
            await WriteProvenanceAsync(run.ProjectId, raw, provenance, cancellationToken);
            var hash = await ContentHashAsync([raw, provenance], formats, settings, cancellationToken);
            if (await runs.LastSucceededAsync(run.ProjectId, cancellationToken) is { } last && last.Hash == hash)
            {
                await runs.SkipAsync(run.Id, $"skipped: nothing new since {last.FinishedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC", cancellationToken);
                return;
            }

            var files = new List<ExportedFile>();
            ExportResult? counts = null;
            string location, destinationName;
            // Published and cleaned up (no hidden work folder left) before the run is recorded as done.
            await using (var destination = await destinations.OpenAsync(run, settings, cancellationToken))
            {
                foreach (var format in formats)
                {
                    var name = $"{run.Slug}-{format.ToLabelStudioName()}{ExportFileInfo.For(format).Extension}";
                    await using (var input = new FileStream(raw, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan))
                    await using (var output = new FileStream(Path.Combine(destination.StagingFolder, name), FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
                    {
                        var result = await ExportConverter.ConvertAsync(input, format, config, output,
                            new Labelit.Export.ExportOptions { TempDirectory = Path.GetTempPath(), Clock = clock, Origins = new DatasetTaskOrigins(dataSource, run.ProjectId) },
                            cancellationToken);
                        counts ??= result;
                    }
                    files.Add(new ExportedFile(name, format.ToLabelStudioName(), new FileInfo(Path.Combine(destination.StagingFolder, name)).Length));
                    await instances.KeepAliveAsync(run.ProjectId, cancellationToken);
                }
                File.Copy(provenance, Path.Combine(destination.StagingFolder, ProvenanceCsv.FileName));
                files.Add(new ExportedFile(ProvenanceCsv.FileName, ProvenanceCsv.FormatName, new FileInfo(provenance).Length));
                if (settings.PerAnnotator)
                {
                    files.AddRange(await perAnnotator.WriteAsync(run.ProjectId, run.Slug, raw, formats, config, destination.StagingFolder,
                        new Labelit.Export.ExportOptions { TempDirectory = Path.GetTempPath(), Clock = clock }, cancellationToken));
                    await instances.KeepAliveAsync(run.ProjectId, cancellationToken);
                }
                location = await destination.PublishAsync($"{startedAt.UtcDateTime:yyyyMMdd-HHmmss}", files, cancellationToken);
                destinationName = destination.Destination;
            }
            await runs.SucceedAsync(run.Id, new ExportOutcome(counts!.Tasks, counts.Annotations, files, destinationName, location, hash), CancellationToken.None);
            logger.LogInformation("Export run {Run} of project {Project} wrote {Files} file(s) to {Location}", run.Id, run.ProjectId, files.Count, location);
        }
        finally
        {
            File.Delete(raw);
            File.Delete(provenance);
        }
    }

    /// <summary>Each task's storage object and the version each annotation was made on (provenance.csv).</summary>
    private async Task WriteProvenanceAsync(long projectId, string raw, string provenance, CancellationToken cancellationToken)
    {
        await using var input = new FileStream(raw, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using var output = new FileStream(provenance, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        await ProvenanceCsv.WriteAsync(input, new DatasetTaskOrigins(dataSource, projectId), output, cancellationToken);
    }

    /// <summary>LS's raw JSON and the provenance, plus what the run would make of them: new formats or a new destination are news too.</summary>
    private static async Task<string> ContentHashAsync(IReadOnlyList<string> contents, IReadOnlyList<ExportFormat> formats, ExportSettings settings, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        foreach (var content in contents)
        {
            await using var input = File.OpenRead(content);
            int read;
            while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
                sha.AppendData(buffer, 0, read);
        }
        sha.AppendData(Encoding.UTF8.GetBytes($"|{string.Join(",", formats)}|{settings.Destination}|{settings.ConnectionId}"
            + (settings.PerAnnotator ? "|per-annotator" : "")));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private async Task HeartbeatAsync(long runId, CancellationToken cancellationToken)
    {
        var every = options.Value.AbandonedAfter / 4;
        try
        {
            while (true)
            {
                await Task.Delay(every, cancellationToken);
                await runs.HeartbeatAsync(runId, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            logger.LogWarning("Export run {Run}: could not record its heartbeat: {Error}", runId, e.Message);
        }
    }

    private async Task ApplyRetentionAsync(ClaimedRun run, CancellationToken cancellationToken)
    {
        try
        {
            var settings = ExportSettings.Parse(run.ExportSettingsJson);
            foreach (var expired in await runs.ExpiredRunsAsync(run.ProjectId, options.Value.KeepRuns, cancellationToken))
            {
                await destinations.DeleteRunAsync(expired, settings, cancellationToken);
                await runs.DeleteAsync(expired.Id, cancellationToken);
            }
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not delete old exports of project {Project}: {Error}", run.ProjectId, e.Message);
        }
    }
}
