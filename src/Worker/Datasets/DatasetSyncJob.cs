using Labelit.Worker.Scheduling;
using Quartz;

namespace Labelit.Worker.Datasets;

/// <summary>A project's scheduled re-sync tick: queues a run (none when one is already queued or running) for <see cref="DatasetSyncService"/>.</summary>
public sealed class DatasetSyncJob(DatasetSyncQueue queue, ILogger<DatasetSyncJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var projectId = ProjectIntervalJobs.ProjectOf(context);
        var queued = await queue.QueueScheduledAsync(projectId, cancellationToken);
        logger.LogInformation("Scheduled dataset sync tick {Tick:O} of project {Project}: {Outcome}", context.ScheduledFireTimeUtc, projectId,
            queued ? "run queued" : "a run is already queued or running");
    }
}
