using Dapper;
using Npgsql;

namespace Labelit.Worker.Backups.Restore;

/// <summary>
/// Step 1 of a restore: replaces the Labelit database's contents with a backup's dump. Refuses
/// while anything else is connected (Labelit's Web or Worker would keep writing, and hold locks).
/// </summary>
public sealed class DatabaseRestorer(string connectionString, PostgresTools tools, TextWriter output)
{
    public async Task RestoreAsync(BackupFolder backup, bool force, CancellationToken cancellationToken)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(cancellationToken);
            var others = (await connection.QueryAsync<string>(new CommandDefinition("""
                SELECT COALESCE(NULLIF(application_name, ''), 'unnamed') || COALESCE(' from ' || host(client_addr), '')
                FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
                """, cancellationToken: cancellationToken))).ToList();
            if (others.Count > 0 && !force)
                throw new RestoreRefusedException(
                    $"{others.Count} other connection(s) use database {database} ({string.Join(", ", others.Distinct())}). " +
                    "Stop Labelit first (Ctrl+C the AppHost, or stop its Web and Worker services): they would keep writing while the " +
                    "database is replaced, and their locks would stall the restore. Pass --force to restore anyway.");

            var dumpTables = await tools.TablesInDumpAsync(backup.FileOf(backup.Manifest.Database), cancellationToken);
            var extra = (await connection.QueryAsync<string>(new CommandDefinition("""
                SELECT table_schema || '.' || table_name FROM information_schema.tables
                WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
                """, cancellationToken: cancellationToken))).Where(t => !dumpTables.Contains(t)).Order().ToList();
            if (extra.Count > 0 && !force)
                throw new RestoreRefusedException(
                    $"Database {database} has tables the backup does not have ({string.Join(", ", extra)}), e.g. from a newer Labelit " +
                    $"version than the backup's (schema {backup.Manifest.SchemaVersion}). They would survive the restore and break the " +
                    "next start's migrations. Restore into an empty database instead (drop and create it), or pass --force.");
        }

        output.WriteLine($"Restoring database {database} from {backup.FileOf(backup.Manifest.Database)} ...");
        await tools.RestoreAsync(connectionString, backup.FileOf(backup.Manifest.Database), cancellationToken);

        await using var check = new NpgsqlConnection(connectionString);
        await check.OpenAsync(cancellationToken);
        await ForgetInstanceProcessesAsync(check);
        var schema = await check.ExecuteScalarAsync<int>("SELECT COALESCE(max(version), 0) FROM schema_migrations");
        var users = await check.ExecuteScalarAsync<long>("SELECT count(*) FROM users");
        var projects = await check.ExecuteScalarAsync<long>("SELECT count(*) FROM projects WHERE deleted_at IS NULL");
        output.WriteLine($"Restored the Labelit database as of {backup.Manifest.CreatedAt:u}: schema version {schema}, {users} users, {projects} projects.");
        output.WriteLine($"Next: start Labelit, then run restore-label-studio {backup.Path}");
    }

    /// <summary>
    /// The dump recorded which LS processes ran (address, process handle, which Worker leased
    /// them) when it was taken; none of them runs now. Marked stopped and unleased, each instance
    /// is started afresh by the next Worker instead of being waited for at a dead address (and
    /// LS processes left from before are then removed as orphans).
    /// </summary>
    private static Task ForgetInstanceProcessesAsync(NpgsqlConnection connection) => connection.ExecuteAsync("""
        UPDATE ls_instances SET state = 'stopped', reason = 'The database was restored from a backup; the Worker starts this instance again.',
               address = NULL, port = NULL, handle = NULL, lease_owner = NULL, lease_expires_at = NULL, start_requested_at = NULL,
               failure_count = 0, retry_at = NULL, started_at = NULL, updated_at = now()
        """);
}

/// <summary>A restore that would do harm as asked; nothing was changed.</summary>
public sealed class RestoreRefusedException(string message) : Exception(message);
