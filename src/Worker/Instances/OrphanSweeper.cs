using Labelit.Worker.Runtimes;
using Microsoft.Extensions.Options;

namespace Labelit.Worker.Instances;

/// <summary>
/// Finds every LS instance the runtime holds for this installation (by the instance key it was
/// marked with) and stops those the database does not record: a start that crashed before its
/// handle was written, or a copy left by a Worker that lost track. Instances another live
/// Worker holds are left alone; recorded ones are adopted by the next reconcile pass.
/// </summary>
public sealed class OrphanSweeper(
    IInstanceRuntime runtime,
    InstanceRepository repository,
    ProjectLocks locks,
    IOptions<InstanceOptions> options,
    TimeProvider clock,
    ILogger<OrphanSweeper> logger)
{
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var found = await runtime.ListAsync(cancellationToken);
        if (found.Count == 0)
            return;
        var rows = (await repository.GetByKeysAsync(found.Select(f => f.InstanceKey).Distinct(), cancellationToken))
            .ToDictionary(r => r.InstanceKey!.Value);
        foreach (var group in found.GroupBy(f => f.InstanceKey))
        {
            if (!rows.TryGetValue(group.Key, out var row))
                continue; // marked by another installation (another database): not ours to judge
            if (group.All(f => f.Handle == row.Handle))
                continue;
            await using var held = await locks.TryAcquireAsync(row.ProjectId, cancellationToken);
            if (held is null)
                continue; // being started or stopped right now: its handle is not written yet
            var current = await repository.GetAsync(row.ProjectId, cancellationToken);
            if (current is null || HeldByAnotherWorker(current))
                continue;
            foreach (var orphan in group.Where(f => f.Handle != current.Handle))
            {
                logger.LogWarning("Removing orphan LS instance {Handle} of project {ProjectId}", orphan.Handle, row.ProjectId);
                await runtime.StopAsync(orphan.InstanceKey, orphan.Handle, cancellationToken);
            }
        }
    }

    private bool HeldByAnotherWorker(InstanceRow row) =>
        row.LeaseOwner is not null && row.LeaseOwner != options.Value.WorkerId
        && row.LeaseExpiresAt > clock.GetUtcNow().UtcDateTime;
}
