using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Labelit.Data.Migrations;

/// <summary>
/// Applies versioned SQL scripts. Every service runs it at start; a PostgreSQL advisory lock makes
/// concurrent starts take turns, so each script runs exactly once, each in its own transaction.
/// </summary>
public sealed class Migrator(NpgsqlDataSource dataSource, IReadOnlyList<Migration> migrations, ILogger<Migrator> logger)
{
    // Any constant works as long as nothing else in the database uses it: "labelit" in ASCII.
    private const long LockKey = 0x6C6162656C6974;

    public async Task<IReadOnlyList<Migration>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@LockKey)", new { LockKey }, cancellationToken: cancellationToken));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer PRIMARY KEY,
                    name       text        NOT NULL,
                    checksum   text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken: cancellationToken));
            var applied = (await connection.QueryAsync<(int Version, string Checksum)>(
                new CommandDefinition("SELECT version, checksum FROM schema_migrations", cancellationToken: cancellationToken)))
                .ToDictionary(row => row.Version, row => row.Checksum);

            var pending = new List<Migration>();
            foreach (var migration in migrations)
            {
                if (!applied.TryGetValue(migration.Version, out var checksum))
                {
                    pending.Add(migration);
                }
                else if (checksum != migration.Checksum)
                {
                    throw new InvalidOperationException(
                        $"Migration {migration.Version:D4}_{migration.Name} was changed after it was applied. Add a new migration instead.");
                }
            }

            foreach (var migration in pending)
            {
                await ApplyAsync(connection, migration, cancellationToken);
            }
            return pending;
        }
        finally
        {
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(@LockKey)", new { LockKey });
        }
    }

    private async Task ApplyAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO schema_migrations (version, name, checksum) VALUES (@Version, @Name, @Checksum)",
            migration, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Applied migration {Version:D4}_{Name}", migration.Version, migration.Name);
    }
}
