using Dapper;
using Labelit.Data.Instances;
using Labelit.Worker.LabelStudio;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Labelit.Worker.Progress;

/// <summary>
/// One progress read of a project: asks its LS, only while it runs, for the tasks changed since the last
/// read, and records them. A stopped LS is left stopped (the page shows the last figures with their age).
/// </summary>
public sealed class ProgressReader(
    NpgsqlDataSource dataSource,
    LabelStudioSecrets secrets,
    LabelStudioTaskChanges changes,
    ProgressRecorder recorder,
    TimeProvider clock,
    IOptions<ProgressOptions> options,
    ILogger<ProgressReader> logger)
{
    /// <summary>
    /// Each read starts this far before where the last one stopped: an annotation saved (and stamped) just
    /// before that point may have been committed just after it, and LS's clock may differ a little from ours.
    /// Reading a task twice changes nothing.
    /// </summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromSeconds(5);

    public enum Outcome { Read, NotRunning, Refused }

    public async Task<Outcome> ReadAsync(long projectId, CancellationToken cancellationToken)
    {
        if (await RunningTargetAsync(projectId, cancellationToken) is not { } target)
            return Outcome.NotRunning;
        return await ReadAsync(projectId, target, cancellationToken);
    }

    /// <summary>The read itself, from the LS at <paramref name="target"/> (a benchmark calls it with its own LS).</summary>
    public async Task<Outcome> ReadAsync(long projectId, LabelStudioTarget target, CancellationToken cancellationToken)
    {
        var (readUpTo, fullReadAt) = await recorder.LastReadAsync(projectId, cancellationToken);
        var now = clock.GetUtcNow();
        // Now and then every task, not only the changed ones: LS saves no task when one of its tasks is
        // deleted, so only a read of them all shows which are gone.
        var everyTask = readUpTo is null || fullReadAt is null || now - fullReadAt >= options.Value.FullReadEvery;
        // Up to a second ago: a task saved during this read falls after it, into the next read.
        var upTo = now - TimeSpan.FromSeconds(1);
        try
        {
            var seen = new List<int>();
            await foreach (var page in changes.ReadAsync(target, everyTask ? null : readUpTo - Overlap, upTo, cancellationToken))
            {
                await recorder.RecordTasksAsync(projectId, page, cancellationToken);
                seen.AddRange(page.Select(t => t.Id));
            }
            if (everyTask)
                await recorder.ForgetTasksOtherThanAsync(projectId, seen, cancellationToken);
            var total = await changes.CountTasksAsync(target, cancellationToken);
            await recorder.RecordReadAsync(projectId, total, upTo, everyTask, cancellationToken);
            logger.LogDebug("Progress of project {Project}: {Read} tasks read of {Total} ({Kind})", projectId, seen.Count, total,
                everyTask ? "every task" : "changed since the last read");
            return Outcome.Read;
        }
        catch (Exception e) when (e is LabelStudioRefusedException or HttpRequestException or TaskCanceledException
                                   or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Progress of project {Project} could not be read from its Label Studio", projectId);
            await recorder.RecordFailureAsync(projectId, Words(e), cancellationToken);
            return Outcome.Refused;
        }
    }

    private static string Words(Exception e) => e switch
    {
        LabelStudioRefusedException => "Label Studio refused to list the project's tasks, so these figures may be behind. They update once it answers again; if this lasts, an admin can look at the Worker's log.",
        TaskCanceledException => "Label Studio took too long to list the project's tasks, so these figures may be behind. They update at the next read.",
        _ => "Label Studio could not be reached to read the project's tasks, so these figures may be behind. They update once it answers again.",
    };

    internal async Task<LabelStudioTarget?> RunningTargetAsync(long projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string? Address, int? LsProjectId, string? AdminSecrets)>(new CommandDefinition("""
            SELECT address, ls_project_id, admin_secrets FROM ls_instances
            WHERE project_id = @projectId AND state = @running AND NOT suspended
            """, new { projectId, running = InstanceStates.Running }, cancellationToken: cancellationToken));
        if (row is not { Address: { } address, LsProjectId: { } lsProjectId, AdminSecrets: { } stored })
            return null;
        var admin = AdminSecrets.FromJson(secrets.Unprotect(stored));
        return new LabelStudioTarget(new Uri(address.TrimEnd('/') + "/"), admin.Token, lsProjectId);
    }
}
