using Labelit.Worker.Scheduling;

namespace Labelit.Worker.Progress;

/// <summary>A project's progress tick: a read is short and reads only changes, so the tick does it itself.</summary>
public sealed class ProgressTick(ProgressReader reader, Labelit.Worker.Distribution.NewTaskDistributor distributor) : IProjectTick
{
    public async Task FireAsync(long projectId, DateTimeOffset tick, CancellationToken cancellationToken)
    {
        await reader.ReadAsync(projectId, cancellationToken);
        // Tasks the read found new are split among the annotators (split mode) at once.
        await distributor.DistributeAsync(projectId, cancellationToken);
    }
}
