using Labelit.Data.Distribution;
using Labelit.Web.Accounts;
using Labelit.Web.Apis;
using Labelit.Web.Audit;
using Labelit.Web.Projects;

namespace Labelit.Web.Reviews;

/// <summary>A change of a project's distribution, from the API or the review page: checked, saved, rebalanced at once and audited.</summary>
public sealed class DistributionChanges(DistributionStore store, AuditLog audit)
{
    public async Task<(DistributionDto? Distribution, string? Refusal)> ChangeAsync(Project project, CurrentUser actor, DistributionRequest request,
        CancellationToken cancellationToken)
    {
        var current = await store.GetSettingsAsync(project.Id, cancellationToken);
        var annotators = (await store.AnnotatorsAsync(project.Id, cancellationToken)).Count;
        var (settings, refusal) = DistributionInput.Check(request, current, annotators);
        if (refusal is not null)
            return (null, refusal);
        await store.SaveSettingsAsync(project.Id, settings!, actor.Id, cancellationToken);
        var outcome = await store.RebalanceAsync(project.Id, cancellationToken);
        await audit.WriteAsync(actor.Id, "distribution changed", "project", project.Id,
            $"Distribution of \"{project.Name}\": {DistributionInput.Describe(current)} -> {DistributionInput.Describe(settings!)} " +
            $"({outcome.Added} task assignments added, {outcome.Removed} removed)");
        return (await DescribeAsync(project.Id, settings!, outcome.Shortfall, cancellationToken), null);
    }

    public async Task<DistributionDto> CurrentAsync(long projectId, CancellationToken cancellationToken)
    {
        var settings = await store.GetSettingsAsync(projectId, cancellationToken);
        var annotators = (await store.AnnotatorsAsync(projectId, cancellationToken)).Count;
        var shortfall = !settings.IsSplit ? null
            : annotators == 0 ? "No annotator is assigned: the tasks wait until one is."
            : annotators < settings.Overlap ? $"Each task should go to {settings.Overlap} annotators, but only {annotators} are assigned." : null;
        return await DescribeAsync(projectId, settings, shortfall, cancellationToken);
    }

    private async Task<DistributionDto> DescribeAsync(long projectId, DistributionSettings settings, string? shortfall, CancellationToken cancellationToken) =>
        new(settings.Mode, settings.Overlap, settings.ExportAcceptedOnly,
            settings.IsSplit ? await store.SharesAsync(projectId, cancellationToken) : [], settings.IsSplit ? shortfall : null);
}
