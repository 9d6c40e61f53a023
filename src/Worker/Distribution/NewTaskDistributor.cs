using Labelit.Data.Distribution;
using Labelit.Worker.Progress;

namespace Labelit.Worker.Distribution;

/// <summary>
/// Gives tasks new in LS to annotators (split mode): after each progress read (which is how Labelit
/// learns of tasks), and right after a dataset sync, which reads progress first so the new tasks are known.
/// </summary>
public sealed class NewTaskDistributor(DistributionStore store, IServiceProvider services, ILogger<NewTaskDistributor> logger)
{
    public async Task DistributeAsync(long projectId, CancellationToken cancellationToken)
    {
        var outcome = await store.RebalanceAsync(projectId, cancellationToken);
        if (outcome.Added + outcome.Removed > 0)
            logger.LogInformation("Distribution of project {ProjectId}: {Added} task assignments added, {Removed} removed over {Tasks} tasks",
                projectId, outcome.Added, outcome.Removed, outcome.Tasks);
    }

    public async Task AfterSyncAsync(long projectId, CancellationToken cancellationToken)
    {
        if (!(await store.GetSettingsAsync(projectId, cancellationToken)).IsSplit)
            return;
        // Resolved here: the progress reader is registered by AddProgress, after the dataset sync.
        await services.GetRequiredService<ProgressReader>().ReadAsync(projectId, cancellationToken);
        await DistributeAsync(projectId, cancellationToken);
    }
}
