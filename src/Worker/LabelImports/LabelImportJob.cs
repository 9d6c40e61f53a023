using Labelit.Data.Jobs;
using Labelit.Worker.Datasets;
using Labelit.Worker.Instances;

namespace Labelit.Worker.LabelImports;

/// <summary>Runs one queued label import on this Worker, if nobody else took it.</summary>
public sealed class LabelImportJob(
    LabelImportQueue queue,
    LabelImportRunner runner,
    RunningImports running,
    Microsoft.Extensions.Options.IOptions<InstanceOptions> instanceOptions,
    ILogger<LabelImportJob> logger) : ILabelImportJob
{
    public async Task RunAsync(long importId, CancellationToken cancellationToken)
    {
        var run = await queue.ClaimAsync(importId, instanceOptions.Value.WorkerId, cancellationToken);
        if (run is null)
        {
            logger.LogDebug("Label import {Import} is no longer queued (running elsewhere, finished or cancelled)", importId);
            return;
        }
        using var lease = running.Start(run.Id);
        await runner.RunAsync(run, lease.Cancelled, cancellationToken);
    }
}

/// <summary>The imports running on this Worker, so that a cancel request stops one at once.</summary>
public sealed class RunningImports
{
    private readonly RunningSyncs _runs = new();

    public RunningSyncs.Lease Start(long importId) => _runs.Start(importId);

    public bool TryCancel(long importId) => _runs.TryCancel(importId);
}
