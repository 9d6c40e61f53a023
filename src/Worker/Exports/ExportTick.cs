using Labelit.Worker.Scheduling;

namespace Labelit.Worker.Exports;

/// <summary>The scheduled tick of a project's exports: queues a run (one per project at a time) for <see cref="ExportRunDispatcher"/>.</summary>
public sealed class ExportTick(ExportRunStore runs, ExportRunDispatcher dispatcher, ILogger<ExportTick> logger) : IProjectTick
{
    public async Task FireAsync(long projectId, DateTimeOffset tick, CancellationToken cancellationToken)
    {
        var queued = await runs.EnqueueScheduledAsync(projectId, cancellationToken);
        // Tests count these lines across Workers: each tick is taken once.
        logger.LogInformation("Scheduled export tick {Tick:O} of project {Project}: {Outcome}", tick, projectId,
            queued ? "run queued" : "a run is already queued or running");
        if (queued)
            dispatcher.Signal();
    }
}
