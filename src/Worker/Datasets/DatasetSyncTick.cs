using Labelit.Worker.Scheduling;

namespace Labelit.Worker.Datasets;

/// <summary>A project's scheduled re-sync tick: queues a run (none when one is already queued or running) for <see cref="DatasetSyncDispatcher"/>.</summary>
public sealed class DatasetSyncTick(DatasetSyncQueue queue, ILogger<DatasetSyncTick> logger) : IProjectTick
{
    public async Task FireAsync(long projectId, DateTimeOffset tick, CancellationToken cancellationToken)
    {
        var queued = await queue.QueueScheduledAsync(projectId, cancellationToken);
        logger.LogInformation("Scheduled dataset sync tick {Tick:O} of project {Project}: {Outcome}", tick, projectId,
            queued ? "run queued" : "a run is already queued or running");
    }
}
