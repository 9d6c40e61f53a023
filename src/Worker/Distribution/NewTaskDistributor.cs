using System.Collections.Concurrent;
using Labelit.Data.Distribution;
using Labelit.Worker.LabelStudio;
using Labelit.Worker.Progress;

namespace Labelit.Worker.Distribution;

/// <summary>
/// Gives tasks new in LS to annotators (split mode): after each progress read (which is how Labelit
/// learns of tasks), and right after a dataset sync, which reads progress first so the new tasks are known.
/// </summary>
public sealed class NewTaskDistributor(DistributionStore store, LabelStudioClient labelStudio, IServiceProvider services, ILogger<NewTaskDistributor> logger)
{
    // The overlap last set in each project's LS, so it is sent once, not every tick.
    private readonly ConcurrentDictionary<(long ProjectId, Uri Address), int> _overlapSet = new();

    public async Task DistributeAsync(long projectId, CancellationToken cancellationToken)
    {
        await SetOverlapInLabelStudioAsync(projectId, cancellationToken);
        var outcome = await store.RebalanceAsync(projectId, cancellationToken);
        if (outcome.Added + outcome.Removed > 0)
            logger.LogInformation("Distribution of project {ProjectId}: {Added} task assignments added, {Removed} removed over {Tasks} tasks",
                projectId, outcome.Added, outcome.Removed, outcome.Tasks);
    }

    /// <summary>
    /// LS's stream stops serving a task once it has maximum_annotations (1 by default): with overlap 2
    /// the second annotator would never get it. Split mode sets it to the overlap.
    /// </summary>
    private async Task SetOverlapInLabelStudioAsync(long projectId, CancellationToken cancellationToken)
    {
        var settings = await store.GetSettingsAsync(projectId, cancellationToken);
        if (!settings.IsSplit || await services.GetRequiredService<ProgressReader>().RunningTargetAsync(projectId, cancellationToken) is not { } target)
            return;
        if (_overlapSet.TryGetValue((projectId, target.Address), out var set) && set == settings.Overlap)
            return;
        await labelStudio.SetMaximumAnnotationsAsync(target, settings.Overlap, cancellationToken);
        _overlapSet[(projectId, target.Address)] = settings.Overlap;
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
