using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Labelit.Data.Distribution;

/// <summary>
/// The split of a project's tasks, kept in PostgreSQL. Web rebalances when settings or annotators
/// change, the Worker when new tasks are read from LS; the proxy reads an annotator's share.
/// </summary>
public sealed class DistributionStore(NpgsqlDataSource dataSource)
{
    public async Task<DistributionSettings> GetSettingsAsync(long projectId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DistributionSettings>("""
            SELECT mode, overlap, export_accepted_only AS ExportAcceptedOnly FROM project_distribution WHERE project_id = @projectId
            """, new { projectId }) ?? DistributionSettings.Default;
    }

    public async Task SaveSettingsAsync(long projectId, DistributionSettings settings, long actorId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO project_distribution (project_id, mode, overlap, export_accepted_only, updated_by)
            VALUES (@projectId, @Mode, @Overlap, @ExportAcceptedOnly, @actorId)
            ON CONFLICT (project_id) DO UPDATE SET mode = excluded.mode, overlap = excluded.overlap,
                export_accepted_only = excluded.export_accepted_only, updated_by = excluded.updated_by, updated_at = now()
            """, new { projectId, settings.Mode, settings.Overlap, settings.ExportAcceptedOnly, actorId });
    }

    /// <summary>The active annotators assigned to the project.</summary>
    public async Task<IReadOnlyList<long>> AnnotatorsAsync(long projectId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<long>("""
            SELECT u.id FROM project_annotators a JOIN users u ON u.id = a.user_id
            WHERE a.project_id = @projectId AND u.is_active AND u.role = 'Annotator' ORDER BY u.id
            """, new { projectId })).ToList();
    }

    /// <summary>
    /// Brings the stored split in line with the settings, the annotators and the tasks Labelit has read
    /// from LS. In "everyone" mode the split is cleared. One rebalance at a time per project.
    /// </summary>
    public async Task<RebalanceOutcome> RebalanceAsync(long projectId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended('labelit:distribution', @projectId))", new { projectId }, transaction);
        var settings = await connection.QuerySingleOrDefaultAsync<DistributionSettings>(
            "SELECT mode, overlap, export_accepted_only AS ExportAcceptedOnly FROM project_distribution WHERE project_id = @projectId",
            new { projectId }, transaction) ?? DistributionSettings.Default;
        if (!settings.IsSplit)
        {
            var cleared = await connection.ExecuteAsync("DELETE FROM task_assignments WHERE project_id = @projectId", new { projectId }, transaction);
            await connection.ExecuteAsync("DELETE FROM annotator_task_ranges WHERE project_id = @projectId", new { projectId }, transaction);
            await transaction.CommitAsync(cancellationToken);
            return new(0, cleared, 0, null);
        }
        var annotators = (await connection.QueryAsync<long>("""
            SELECT u.id FROM project_annotators a JOIN users u ON u.id = a.user_id
            WHERE a.project_id = @projectId AND u.is_active AND u.role = 'Annotator'
            """, new { projectId }, transaction)).ToList();
        var tasks = (await connection.QueryAsync<int>("SELECT ls_task_id FROM progress_tasks WHERE project_id = @projectId",
            new { projectId }, transaction)).ToList();
        // Locked, so an annotator starting a task waits for this plan, then sees whether it is still theirs.
        var current = new List<TaskAssignment>();
        await using (var reader = await connection.ExecuteReaderAsync(
            "SELECT ls_task_id, user_id, started_at IS NOT NULL FROM task_assignments WHERE project_id = @projectId FOR UPDATE", new { projectId }, transaction))
        {
            while (await reader.ReadAsync(cancellationToken))
                current.Add(new(reader.GetInt32(0), reader.GetInt64(1), reader.GetBoolean(2)));
        }

        var plan = TaskSplitter.Plan(tasks, annotators, settings.Overlap, current);
        await ApplyAsync(connection, transaction, projectId, plan, cancellationToken);
        await SaveRangesAsync(connection, transaction, projectId, tasks, annotators, current, plan);
        await transaction.CommitAsync(cancellationToken);
        var shortfall = annotators.Count == 0
            ? "No annotator is assigned: the tasks wait until one is."
            : annotators.Count < settings.Overlap
                ? $"Each task should go to {settings.Overlap} annotators, but only {annotators.Count} {(annotators.Count == 1 ? "is" : "are")} assigned: each task goes to {annotators.Count} until more are."
                : null;
        return new(plan.Added.Count, plan.Removed.Count, tasks.Count, shortfall);
    }

    private static async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long projectId, SplitPlan plan, CancellationToken cancellationToken)
    {
        if (plan.Removed.Count > 0)
        {
            // Only unstarted rows: an annotator who started the task meanwhile keeps it.
            await connection.ExecuteAsync("""
                DELETE FROM task_assignments a USING unnest(@tasks, @users) AS r(task, usr)
                WHERE a.project_id = @projectId AND a.ls_task_id = r.task AND a.user_id = r.usr AND a.started_at IS NULL
                """, new { projectId, tasks = plan.Removed.Select(r => r.TaskId).ToArray(), users = plan.Removed.Select(r => r.UserId).ToArray() }, transaction);
        }
        if (plan.Added.Count > 0)
        {
            await using var import = await connection.BeginBinaryImportAsync(
                "COPY task_assignments (project_id, ls_task_id, user_id) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var added in plan.Added)
            {
                await import.StartRowAsync(cancellationToken);
                await import.WriteAsync(projectId, NpgsqlDbType.Bigint, cancellationToken);
                await import.WriteAsync(added.TaskId, NpgsqlDbType.Integer, cancellationToken);
                await import.WriteAsync(added.UserId, NpgsqlDbType.Bigint, cancellationToken);
            }
            await import.CompleteAsync(cancellationToken);
        }
    }

    private static async Task SaveRangesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long projectId,
        List<int> tasks, List<long> annotators, List<TaskAssignment> current, SplitPlan plan)
    {
        var removed = plan.Removed.ToHashSet();
        var shares = annotators.ToDictionary(a => a, _ => new HashSet<int>());
        foreach (var held in current.Where(c => !removed.Contains(c with { Started = false }) || c.Started).Concat(plan.Added))
        {
            if (shares.TryGetValue(held.UserId, out var share))
                share.Add(held.TaskId);
        }
        var ordered = tasks.Order().ToArray();
        await connection.ExecuteAsync("DELETE FROM annotator_task_ranges WHERE project_id = @projectId", new { projectId }, transaction);
        foreach (var (user, share) in shares)
        {
            var ranges = TaskRanges.Of(ordered, share).Select(r => new[] { r.First, r.Last });
            await connection.ExecuteAsync("INSERT INTO annotator_task_ranges (project_id, user_id, ranges) VALUES (@projectId, @user, @ranges::jsonb)",
                new { projectId, user, ranges = System.Text.Json.JsonSerializer.Serialize(ranges) }, transaction);
        }
    }

    /// <summary>Each assigned annotator's share (annotators with none included).</summary>
    public async Task<IReadOnlyList<AnnotatorShare>> SharesAsync(long projectId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<AnnotatorShare>("""
            SELECT u.id AS UserId, u.display_name AS DisplayName,
                   count(t.ls_task_id)::int AS Tasks, count(t.started_at)::int AS Started
            FROM project_annotators a JOIN users u ON u.id = a.user_id
            LEFT JOIN task_assignments t ON t.project_id = a.project_id AND t.user_id = a.user_id
            WHERE a.project_id = @projectId
            GROUP BY u.id, u.display_name ORDER BY lower(u.display_name)
            """, new { projectId })).ToList();
    }

    /// <summary>The annotator's tasks as id ranges of the project's tasks (what the proxy hands LS), as the last rebalance left them.</summary>
    public async Task<IReadOnlyList<TaskRange>> RangesOfAsync(long projectId, long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var json = await connection.ExecuteScalarAsync<string?>(
            "SELECT ranges::text FROM annotator_task_ranges WHERE project_id = @projectId AND user_id = @userId", new { projectId, userId });
        return json is null ? [] : System.Text.Json.JsonSerializer.Deserialize<int[][]>(json)!.Select(r => new TaskRange(r[0], r[1])).ToList();
    }

    /// <summary>
    /// Marks the task started by the annotator when it is theirs (so no rebalance moves it), and says
    /// whether it is. Atomic with rebalances: a task moved away a moment ago is simply not theirs.
    /// </summary>
    public async Task<bool> ClaimAsync(long projectId, long userId, int taskId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync("""
            UPDATE task_assignments SET started_at = coalesce(started_at, now())
            WHERE project_id = @projectId AND user_id = @userId AND ls_task_id = @taskId
            """, new { projectId, userId, taskId }) == 1;
    }

    /// <summary>Whether the task is the annotator's, without starting it.</summary>
    public async Task<bool> HoldsAsync(long projectId, long userId, int taskId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM task_assignments WHERE project_id = @projectId AND user_id = @userId AND ls_task_id = @taskId)",
            new { projectId, userId, taskId });
    }
}
