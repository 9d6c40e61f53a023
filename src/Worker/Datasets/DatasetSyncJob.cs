using Labelit.Data.Jobs;
using Labelit.Worker.Instances;
using Microsoft.Extensions.Options;

namespace Labelit.Worker.Datasets;

/// <summary>Runs one dataset sync on this Worker, if it is still queued (or its Worker died) and nobody else took it.</summary>
public sealed class DatasetSyncJob(
    DatasetSyncQueue queue,
    DatasetSyncRunner runner,
    RunningSyncs running,
    IOptions<DatasetSyncOptions> options,
    IOptions<InstanceOptions> instanceOptions,
    ILogger<DatasetSyncJob> logger) : IDatasetSyncJob
{
    public async Task RunAsync(long syncId, CancellationToken cancellationToken)
    {
        var sync = await queue.ClaimAsync(syncId, instanceOptions.Value.WorkerId, options.Value.StaleAfter, cancellationToken);
        if (sync is null)
        {
            logger.LogDebug("Dataset sync {Sync} is no longer due here (running elsewhere, finished or cancelled)", syncId);
            return;
        }
        using var lease = running.Start(sync.Id);
        await runner.RunAsync(sync, lease.Cancelled, cancellationToken);
    }
}
