using Labelit.Data.Jobs;
using Labelit.Worker.Instances;
using Microsoft.Extensions.Options;

namespace Labelit.Worker.Exports;

/// <summary>Runs one export run on this Worker, if it is still due and nobody else took it.</summary>
public sealed class ExportRunJob(
    ExportRunStore runs,
    ExportRunner runner,
    IOptions<InstanceOptions> instanceOptions,
    ILogger<ExportRunJob> logger) : IExportRunJob
{
    public async Task RunAsync(long runId, CancellationToken cancellationToken)
    {
        var run = await runs.ClaimAsync(runId, instanceOptions.Value.WorkerId, cancellationToken);
        if (run is null)
        {
            logger.LogDebug("Export run {Run} is no longer due here (taken, finished, or its project deleted)", runId);
            return;
        }
        logger.LogInformation("Export run {Run} of project {Project} started (attempt {Attempt})", run.Id, run.ProjectId, run.Attempt);
        await runner.RunAsync(run, cancellationToken);
    }
}
