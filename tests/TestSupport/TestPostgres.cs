using Labelit.AppHost.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Labelit.TestSupport;

/// <summary>
/// One throwaway PostgreSQL cluster per test process, started by the AppHost's own provisioner,
/// with a fresh database for each test that asks. Stopped and deleted when the process exits.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<IPostgresServer>> Server = new(StartAsync);

    /// <summary>A new, empty database on the shared cluster.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        var server = await Server.Value;
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ConnectionString;
    }

    private static async Task<IPostgresServer> StartAsync()
    {
        TestDirectories.RemoveStale("labelit-pg-", stillInUse: dir => File.Exists(Path.Combine(dir, "data", "postmaster.pid")));
        var directory = TestDirectories.Create("labelit-pg-");
        var options = new PostgresOptions { Mode = "Local", Ephemeral = true, DataDirectory = directory, Database = "postgres" };
        var server = await PostgresProvisioner.StartAsync(options, directory, NullLogger.Instance, CancellationToken.None);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }
}
