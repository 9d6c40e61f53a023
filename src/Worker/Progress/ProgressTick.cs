using Labelit.Worker.Scheduling;

namespace Labelit.Worker.Progress;

/// <summary>A project's progress tick: a read is short and reads only changes, so the tick does it itself.</summary>
public sealed class ProgressTick(ProgressReader reader) : IProjectTick
{
    public async Task FireAsync(long projectId, DateTimeOffset tick, CancellationToken cancellationToken) =>
        await reader.ReadAsync(projectId, cancellationToken);
}
