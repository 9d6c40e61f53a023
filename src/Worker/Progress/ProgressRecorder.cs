using Dapper;
using Labelit.Worker.Progress.Agreement;
using Npgsql;

namespace Labelit.Worker.Progress;

/// <summary>Writes what a progress read found into progress_tasks, progress_annotations, progress_agreement and progress_reads.</summary>
public sealed class ProgressRecorder(NpgsqlDataSource dataSource)
{
    /// <summary>Where the last read stopped and when every task was last read (nulls before the first).</summary>
    public async Task<(DateTimeOffset? ReadUpTo, DateTimeOffset? FullReadAt)> LastReadAsync(long projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(DateTime? UpTo, DateTime? Full)>(new CommandDefinition(
            "SELECT read_up_to, full_read_at FROM progress_reads WHERE project_id = @projectId", new { projectId }, cancellationToken: cancellationToken));
        return (Utc(row.UpTo), Utc(row.Full));
    }

    /// <summary>After a read of every task: forgets the tasks LS no longer has (deleted there) with their annotations.</summary>
    public async Task ForgetTasksOtherThanAsync(long projectId, IReadOnlyCollection<int> taskIds, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var ids = taskIds.ToArray();
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM progress_annotations WHERE project_id = @projectId AND ls_task_id <> ALL(@ids)",
            new { projectId, ids }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM progress_tasks WHERE project_id = @projectId AND ls_task_id <> ALL(@ids)",
            new { projectId, ids }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM progress_agreement WHERE project_id = @projectId AND ls_task_id <> ALL(@ids)",
            new { projectId, ids }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    private static DateTimeOffset? Utc(DateTime? time) => time is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;

    /// <summary>
    /// Replaces the stored state of these tasks (their annotations as LS has them now: an annotation
    /// deleted in LS goes too) and maps each author to the Labelit user of that LS account.
    /// </summary>
    public async Task RecordTasksAsync(long projectId, IReadOnlyList<ChangedTask> tasks, CancellationToken cancellationToken)
    {
        var annotations = tasks.SelectMany(t => t.Annotations.Select(a => (Task: t.Id, Annotation: a))).ToList();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var taskIds = tasks.Select(t => t.Id).ToArray();
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM progress_annotations WHERE project_id = @projectId AND ls_task_id = ANY(@taskIds)",
            new { projectId, taskIds }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO progress_annotations (project_id, ls_annotation_id, ls_task_id, ls_user_id, user_id, was_cancelled, lead_time, created_at, updated_at)
            SELECT @projectId, a.id, a.task, a.ls_user, acc.user_id, a.cancelled, a.lead, a.created, a.updated
            FROM unnest(@ids, @tasks, @lsUsers, @cancelled, @leads, @created, @updated) AS a (id, task, ls_user, cancelled, lead, created, updated)
            LEFT JOIN ls_accounts acc ON acc.project_id = @projectId AND acc.ls_user_id = a.ls_user
            ON CONFLICT (project_id, ls_annotation_id) DO UPDATE SET ls_task_id = EXCLUDED.ls_task_id, ls_user_id = EXCLUDED.ls_user_id,
                user_id = EXCLUDED.user_id, was_cancelled = EXCLUDED.was_cancelled, lead_time = EXCLUDED.lead_time,
                created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at
            """, new
        {
            projectId,
            ids = annotations.Select(a => a.Annotation.Id).ToArray(),
            tasks = annotations.Select(a => a.Task).ToArray(),
            lsUsers = annotations.Select(a => a.Annotation.LsUserId).ToArray(),
            cancelled = annotations.Select(a => a.Annotation.WasCancelled).ToArray(),
            leads = annotations.Select(a => a.Annotation.LeadTime).ToArray(),
            created = annotations.Select(a => a.Annotation.CreatedAt.UtcDateTime).ToArray(),
            updated = annotations.Select(a => a.Annotation.UpdatedAt.UtcDateTime).ToArray(),
        }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO progress_tasks (project_id, ls_task_id, labelled, skipped, labelled_at, updated_at)
            SELECT @projectId, t.id,
                   EXISTS (SELECT 1 FROM progress_annotations a WHERE a.project_id = @projectId AND a.ls_task_id = t.id AND NOT a.was_cancelled),
                   NOT EXISTS (SELECT 1 FROM progress_annotations a WHERE a.project_id = @projectId AND a.ls_task_id = t.id AND NOT a.was_cancelled)
                       AND EXISTS (SELECT 1 FROM progress_annotations a WHERE a.project_id = @projectId AND a.ls_task_id = t.id AND a.was_cancelled),
                   (SELECT min(a.created_at) FROM progress_annotations a WHERE a.project_id = @projectId AND a.ls_task_id = t.id AND NOT a.was_cancelled),
                   t.updated
            FROM unnest(@taskIds, @taskUpdated) AS t (id, updated)
            ON CONFLICT (project_id, ls_task_id) DO UPDATE SET labelled = EXCLUDED.labelled, skipped = EXCLUDED.skipped,
                labelled_at = EXCLUDED.labelled_at, updated_at = EXCLUDED.updated_at
            """, new { projectId, taskIds, taskUpdated = tasks.Select(t => t.UpdatedAt.UtcDateTime).ToArray() },
            transaction, cancellationToken: cancellationToken));
        await RecordAgreementAsync(connection, transaction, projectId, tasks, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Replaces these tasks' agreement between annotators with what their annotations say now.</summary>
    private static async Task RecordAgreementAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long projectId,
        IReadOnlyList<ChangedTask> tasks, CancellationToken cancellationToken)
    {
        var pairs = tasks.SelectMany(TaskAgreement.Of).ToList();
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM progress_agreement WHERE project_id = @projectId AND ls_task_id = ANY(@taskIds)",
            new { projectId, taskIds = tasks.Select(t => t.Id).ToArray() }, transaction, cancellationToken: cancellationToken));
        if (pairs.Count == 0)
            return;
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO progress_agreement (project_id, ls_task_id, ls_user_a, ls_user_b, agreement, compared, matched)
            SELECT @projectId, p.task, p.a, p.b, p.agreement, p.compared, p.matched
            FROM unnest(@tasks, @usersA, @usersB, @agreements, @compared, @matched) AS p (task, a, b, agreement, compared, matched)
            """, new
        {
            projectId,
            tasks = pairs.Select(p => p.TaskId).ToArray(),
            usersA = pairs.Select(p => p.LsUserA).ToArray(),
            usersB = pairs.Select(p => p.LsUserB).ToArray(),
            agreements = pairs.Select(p => p.Agreement.Agreement).ToArray(),
            compared = pairs.Select(p => p.Agreement.Compared).ToArray(),
            matched = pairs.Select(p => p.Agreement.Matched).ToArray(),
        }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>A read that went through: the next one starts at <paramref name="readUpTo"/>; a failure shown before is cleared.</summary>
    public async Task RecordReadAsync(long projectId, int tasksTotal, DateTimeOffset readUpTo, bool readEveryTask, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO progress_reads (project_id, tasks_total, read_up_to, read_at, full_read_at)
            VALUES (@projectId, @tasksTotal, @readUpTo, now(), CASE WHEN @readEveryTask THEN now() END)
            ON CONFLICT (project_id) DO UPDATE SET tasks_total = EXCLUDED.tasks_total, read_up_to = EXCLUDED.read_up_to,
                read_at = EXCLUDED.read_at, full_read_at = COALESCE(EXCLUDED.full_read_at, progress_reads.full_read_at),
                failed_at = NULL, failure = NULL
            """, new { projectId, tasksTotal, readUpTo = readUpTo.UtcDateTime, readEveryTask }, cancellationToken: cancellationToken));
    }

    /// <summary>A read LS refused: the figures stay as they were, with <paramref name="failure"/> to say why they may be behind.</summary>
    public async Task RecordFailureAsync(long projectId, string failure, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO progress_reads (project_id, failed_at, failure) VALUES (@projectId, now(), @failure)
            ON CONFLICT (project_id) DO UPDATE SET failed_at = EXCLUDED.failed_at, failure = EXCLUDED.failure
            """, new { projectId, failure }, cancellationToken: cancellationToken));
    }
}
