using System.Runtime.ExceptionServices;
using System.Text.Json;
using Labelit.Data.Datasets;
using Labelit.Export.Config;
using Labelit.Export.Import;
using Labelit.Worker.Datasets;
using Labelit.Worker.LabelStudio;
using Microsoft.Extensions.Options;

namespace Labelit.Worker.LabelImports;

/// <summary>Thrown when the user cancelled an import before it wrote anything.</summary>
public sealed class LabelImportCancelledException() : Exception("The import was cancelled before anything was written.");

/// <summary>
/// One label import: read the file again (it was checked by the dry run, but the project may have
/// changed since), match it to LS's tasks, and write it all or nothing: predictions in one LS call
/// (LS checks every task before it creates any), annotations task by task, removed again if LS
/// refuses one.
/// </summary>
public sealed class LabelImportRunner(
    LabelImportQueue queue,
    LabelImportFiles files,
    RunningInstances instances,
    LabelStudioLabels labelStudio,
    IOptions<DatasetSyncOptions> options,
    ILogger<LabelImportRunner> logger)
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);

    public async Task RunAsync(ClaimedLabelImport run, CancellationToken cancelled, CancellationToken stoppingToken)
    {
        using var activity = WorkerActivities.StartRun("label import", run.Id, run.ProjectId);
        var progress = new Progress();
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancelled, stoppingToken);
        try
        {
            var summary = await ImportAsync(run, progress, either.Token);
            await queue.FinishAsync(run.Id, "succeeded", progress.TasksWritten, summary, null);
            logger.LogInformation("Label import {ImportId} of project {ProjectId}: {Labels} labels written to {Tasks} tasks as {Mode}",
                run.Id, run.ProjectId, summary.LabelsToImport, progress.TasksWritten, run.Mode);
        }
        catch (Exception e) when (e is LabelImportCancelledException || (e is OperationCanceledException && cancelled.IsCancellationRequested))
        {
            await queue.FinishAsync(run.Id, "cancelled", 0, null, progress.Undo ?? "Cancelled: nothing was written to Label Studio.");
        }
        catch (Exception e)
        {
            // Whatever went wrong is the run's error, shown on the import page; the Worker goes on.
            logger.LogWarning("Label import {ImportId} of project {ProjectId} failed: {Error}", run.Id, run.ProjectId, e.Message);
            var outcome = progress.Undo ?? "Nothing was written to Label Studio.";
            await queue.FinishAsync(run.Id, "failed", 0, null, $"{UserMessage(e)} {outcome}");
        }
        finally
        {
            LabelImportFiles.Delete(files.RunFolder(run.Id));
        }
    }

    private async Task<ImportSummary> ImportAsync(ClaimedLabelImport run, Progress progress, CancellationToken cancellationToken)
    {
        var project = await queue.ReadProjectAsync(run.ProjectId, cancellationToken)
            ?? throw new LabelImportException("The project no longer exists.");
        var config = LabelConfig.Parse(project.LabelConfig);
        var target = LabelTarget.For(config);
        var format = LabelFormatNames.Parse(run.Format) ?? throw new LabelImportException($"{run.Format} is not a label format Labelit imports.");
        var path = LabelImportFiles.FileIn(files.RunFolder(run.Id))
            ?? throw new LabelImportException("The uploaded file is no longer on the server (the data folder was cleaned?). Upload it again.");
        var parsed = await LabelFileReader.ReadAsync(path, format, target, cancellationToken: cancellationToken);

        var dataKey = config.DataKeys.Count == 1 ? config.DataKeys[0] : throw new LabelImportException("The label config reads several data keys; labels cannot be matched to its tasks by file.");
        var labelStudioTarget = await instances.WaitAsync(run.ProjectId, options.Value.InstanceWait, cancellationToken);
        var taskFiles = await labelStudio.ListTaskFilesAsync(labelStudioTarget, dataKey, cancellationToken);
        var matched = LabelMatcher.Match(parsed, TaskIndex.From(taskFiles.Select(t => new TaskCandidate(t.TaskId, t.Location, t.DataValue))));
        progress.TasksTotal = matched.ByTask.Count;
        if (await queue.ReportAsync(run.Id, matched.Summary.LabelsToImport, progress.TasksTotal, 0, cancellationToken))
            throw new LabelImportCancelledException();
        if (!matched.Summary.HasAnythingToImport)
            throw new LabelImportException("No label of the file matches a task of the project now (the dataset may have changed since the check).");

        if (run.Mode == "predictions")
            await WritePredictionsAsync(run, matched, target, labelStudioTarget, progress, cancellationToken);
        else
            await WriteAnnotationsAsync(run, matched, target, labelStudioTarget, progress, cancellationToken);
        return matched.Summary;
    }

    private async Task WritePredictionsAsync(ClaimedLabelImport run, MatchedLabels matched, LabelTarget target, LabelStudioTarget labelStudioTarget,
        Progress progress, CancellationToken cancellationToken)
    {
        var modelVersion = string.IsNullOrWhiteSpace(run.ModelVersion) ? "imported" : run.ModelVersion;
        await instances.KeepAliveAsync(run.ProjectId, cancellationToken);
        // One call: once sent, the request is not cancelled halfway (LS keeps all or nothing of it); the
        // heartbeat goes on meanwhile, so the run is not taken for abandoned while LS works.
        progress.Undo = "Label Studio did not confirm the predictions: it may have added them all. Check the tasks before importing again.";
        using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var beating = BeatAsync(run.Id, matched, progress, heartbeat.Token);
        int created;
        try
        {
            created = await labelStudio.ImportPredictionsAsync(labelStudioTarget, writer => WritePredictions(writer, matched, target, modelVersion), CancellationToken.None);
        }
        catch (LabelStudioRefusedException)
        {
            progress.Undo = "Label Studio refused the whole call, so no prediction was added.";
            throw;
        }
        finally
        {
            await heartbeat.CancelAsync();
            await Task.WhenAny(beating);
        }
        progress.Undo = null;
        progress.TasksWritten = created;
    }

    private static void WritePredictions(Utf8JsonWriter writer, MatchedLabels matched, LabelTarget target, string modelVersion)
    {
        writer.WriteStartArray();
        foreach (var (taskId, labels) in matched.ByTask)
        {
            writer.WriteStartObject();
            writer.WriteNumber("task", taskId);
            writer.WriteString("model_version", modelVersion);
            if (LabelStudioResults.Score(labels) is { } score)
                writer.WriteNumber("score", score);
            writer.WritePropertyName("result");
            LabelStudioResults.WriteResultArray(writer, labels, target);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private async Task BeatAsync(long importId, MatchedLabels matched, Progress progress, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(ReportInterval, cancellationToken);
            await queue.ReportAsync(importId, matched.Summary.LabelsToImport, progress.TasksTotal, 0, cancellationToken);
        }
    }

    private async Task WriteAnnotationsAsync(ClaimedLabelImport run, MatchedLabels matched, LabelTarget target, LabelStudioTarget labelStudioTarget,
        Progress progress, CancellationToken cancellationToken)
    {
        var lastReport = DateTime.UtcNow;
        var author = await queue.AuthorAccountAsync(run.ProjectId, run.Author, cancellationToken);
        try
        {
            progress.TasksWritten = await new AllOrNothingAnnotations(labelStudio).WriteAsync(labelStudioTarget, matched.ByTask, target, author, async written =>
            {
                if (DateTime.UtcNow - lastReport < ReportInterval)
                    return;
                lastReport = DateTime.UtcNow;
                await instances.KeepAliveAsync(run.ProjectId, cancellationToken);
                if (await queue.ReportAsync(run.Id, matched.Summary.LabelsToImport, progress.TasksTotal, written, cancellationToken))
                    throw new LabelImportCancelledException();
            }, cancellationToken);
        }
        catch (AnnotationsUndoneException e)
        {
            progress.Undo = e.Outcome;
            ExceptionDispatchInfo.Throw(e.InnerException!);
        }
    }

    private static string UserMessage(Exception e) => e switch
    {
        LabelImportException or LabelStudioRefusedException or LabelConfigException => e.Message,
        HttpRequestException => $"Label Studio could not be reached ({e.Message}).",
        TimeoutException or TaskCanceledException => "Label Studio did not answer in time.",
        _ => $"The import stopped: {e.Message}",
    };

    private sealed class Progress
    {
        public int TasksTotal;
        public int TasksWritten;

        /// <summary>What became of what this run wrote, when it did not finish.</summary>
        public string? Undo;
    }
}
