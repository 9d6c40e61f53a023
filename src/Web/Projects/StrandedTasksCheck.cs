using Labelit.Web.Datasets;

namespace Labelit.Web.Projects;

/// <summary>
/// Whether saving a new label config would strand the project's existing tasks (a data key they fill
/// or an object tag is gone), said as the warning a manager confirms, on the edit page and in the API.
/// </summary>
public sealed class StrandedTasksCheck(DatasetSyncs datasets)
{
    /// <summary>The warning, or null when nothing existing is affected.</summary>
    public async Task<string?> WarningAsync(Project project, string? newLabelConfig, CancellationToken cancellationToken)
    {
        if (LabelConfigOrphaning.Between(project.LabelConfig, newLabelConfig) is not { Orphans: true } orphaning)
        {
            return null;
        }
        var counts = await datasets.CountsAsync(project.Id, cancellationToken);
        // Removed objects keep their tasks in LS, so they are affected too.
        var tasks = counts.Imported + counts.Changed + counts.Removed;
        return tasks == 0 ? null : orphaning.Describe(tasks);
    }
}
