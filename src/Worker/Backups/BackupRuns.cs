using Dapper;
using Npgsql;

namespace Labelit.Worker.Backups;

/// <summary>The backup_runs table: one row per run, for the UI and for whoever checks that backups happen.</summary>
public sealed class BackupRuns(NpgsqlDataSource dataSource)
{
    public async Task<long> StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO backup_runs DEFAULT VALUES RETURNING id", cancellationToken: cancellationToken));
    }

    /// <summary>Not cancellable: a run stopped by shutdown must still be recorded as cancelled.</summary>
    public async Task FinishAsync(long runId, string status, string? folder, string? error)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "UPDATE backup_runs SET finished_at = now(), status = @status, folder = @folder, error = @error WHERE id = @runId",
            new { runId, status, folder, error });
    }

    public async Task<int> SchemaVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COALESCE(max(version), 0) FROM schema_migrations", cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<BackedUpProject>> ProjectsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<BackedUpProject>(new CommandDefinition(
            "SELECT id AS Id, slug AS Slug, status AS Status FROM projects WHERE deleted_at IS NULL ORDER BY id",
            cancellationToken: cancellationToken))).ToList();
    }
}

public sealed record BackedUpProject(long Id, string Slug, string Status);
