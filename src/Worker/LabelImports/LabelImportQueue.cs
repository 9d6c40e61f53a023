using System.Text.Json;
using Dapper;
using Labelit.Export.Import;
using Npgsql;

namespace Labelit.Worker.LabelImports;

/// <summary>A label import a Worker has claimed, with what the user asked for.</summary>
public sealed record ClaimedLabelImport(long Id, long ProjectId, string Format, string Mode, string? ModelVersion, string? Author, string FileName);

/// <summary>The label_imports table: a run's job claims it here (one Worker runs it) and records its progress and outcome.</summary>
public sealed class LabelImportQueue(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// The import, now running here, if it is still queued. A run whose Worker died while writing is not
    /// taken over: whether LS kept part of it is unknown, so it is failed with words saying so (below).
    /// </summary>
    public async Task<ClaimedLabelImport?> ClaimAsync(long importId, string workerId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ClaimedLabelImport>(new CommandDefinition("""
            UPDATE label_imports SET status = 'running', worker = @workerId, heartbeat_at = now(), started_at = now()
            WHERE id = (SELECT id FROM label_imports WHERE id = @importId AND status = 'queued' FOR UPDATE SKIP LOCKED)
            RETURNING id AS Id, project_id AS ProjectId, format AS Format, mode AS Mode, model_version AS ModelVersion,
                      author AS Author, file_name AS FileName
            """, new { importId, workerId }, cancellationToken: cancellationToken));
    }

    /// <summary>Progress for the page's bar; returns true when someone asked to cancel.</summary>
    public async Task<bool> ReportAsync(long importId, int labelsTotal, int tasksTotal, int tasksWritten, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition("""
            UPDATE label_imports SET heartbeat_at = now(), labels_total = @labelsTotal, tasks_total = @tasksTotal, tasks_written = @tasksWritten
            WHERE id = @importId RETURNING cancel_requested
            """, new { importId, labelsTotal, tasksTotal, tasksWritten }, cancellationToken: cancellationToken));
    }

    public async Task FinishAsync(long importId, string status, int tasksWritten, ImportSummary? summary, string? error)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            UPDATE label_imports SET status = @status, finished_at = now(), tasks_written = @tasksWritten,
                   summary = COALESCE(@summary::jsonb, summary), error = @error
            WHERE id = @importId
            """, new { importId, status, tasksWritten, summary = summary is null ? null : JsonSerializer.Serialize(summary), error });
    }

    /// <summary>Runs left 'running' by a Worker that stopped reporting: failed, with what the user should check.</summary>
    public async Task<int> FailAbandonedAsync(TimeSpan staleAfter, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE label_imports SET status = 'failed', finished_at = now(),
                   error = 'The Worker running this import stopped before it finished. Predictions are written in one Label Studio call, so they were either all added or none; annotations added before the stop may remain. Check the tasks, then import again.'
            WHERE status = 'running' AND heartbeat_at < now() - @staleAfter
            """, new { staleAfter }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// The LS account of the person an annotation import names (their Labelit email, or a display name
    /// only one of the project's people has), so LS credits the annotations to them; null for anyone else.
    /// </summary>
    public async Task<int?> AuthorAccountAsync(long projectId, string? author, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(author))
            return null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var accounts = (await connection.QueryAsync<int>(new CommandDefinition("""
            SELECT DISTINCT a.ls_user_id FROM ls_accounts a JOIN users u ON u.id = a.user_id
            WHERE a.project_id = @projectId AND a.ls_user_id IS NOT NULL AND a.state IN ('active', 'revoked')
              AND (lower(u.email) = lower(@author) OR u.display_name = @author)
            LIMIT 2
            """, new { projectId, author = author.Trim() }, cancellationToken: cancellationToken))).ToList();
        return accounts.Count == 1 ? accounts[0] : null;
    }

    public async Task<(string Slug, string LabelConfig)?> ReadProjectAsync(long projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Slug, string LabelConfig)>(new CommandDefinition(
            "SELECT slug, label_config FROM projects WHERE id = @projectId AND deleted_at IS NULL", new { projectId }, cancellationToken: cancellationToken));
        return row.Slug is null ? null : row;
    }
}
