using Labelit.Worker.Scheduling;
using Quartz;

namespace Labelit.Worker.Exports;

/// <summary>The scheduled tick of a project's exports: queues a run (one per project at a time) for <see cref="ExportQueue"/>.</summary>
public sealed class ExportJob(ExportRunStore runs, ExportQueue queue, ILogger<ExportJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var projectId = ProjectIntervalJobs.ProjectOf(context);
        var queued = await runs.EnqueueScheduledAsync(projectId, cancellationToken);
        // Tests count these lines across Workers: a clustered scheduler fires each tick once.
        logger.LogInformation("Scheduled export tick {Tick:O} of project {Project}: {Outcome}", context.ScheduledFireTimeUtc, projectId,
            queued ? "run queued" : "a run is already queued or running");
        if (queued)
            queue.Signal();
    }
}
