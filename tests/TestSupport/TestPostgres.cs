using Labelit.AppHost.Servers;
using Labelit.AppHost.Services;
using Npgsql;

namespace Labelit.TestSupport;

/// <summary>
/// One throwaway PostgreSQL cluster per test process (initialised by the AppHost's own code, started
/// with pg_ctl and durability off), with a fresh database for each test that asks. Stopped and
/// deleted when the process exits.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<string>> Server = new(() => Task.Run(Start));

    /// <summary>A new, empty database on the shared cluster.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        var server = await Server.Value;
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static string Start()
    {
        TestDirectories.RemoveStale("labelit-pg-", stillInUse: dir => File.Exists(Path.Combine(dir, "data", "postmaster.pid")));
        var directory = TestDirectories.Create("labelit-pg-");
        var binDirectory = PostgresBinaries.Find(null) ?? throw new InvalidOperationException(
            "PostgreSQL server binaries are missing: run scripts/install-test-deps.sh (apt-get install postgresql).");
        var runAs = Environment.IsPrivilegedProcess ? "postgres" : null;
        var cluster = new LocalCluster(binDirectory, directory, runAs);
        cluster.Prepare();

        var port = FreePort.Next();
        var pgCtl = Path.Combine(binDirectory, "pg_ctl");
        CommandRunner.Run(pgCtl, ["-D", cluster.DataDirectory, "-l", Path.Combine(directory, "postgres.log"), "-w", "-t", "60", "-o",
            $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            "start"], runAs);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            // A throwaway cluster has nothing worth a shutdown checkpoint.
            CommandRunner.Run(pgCtl, ["-D", cluster.DataDirectory, "-m", "immediate", "-w", "stop"], runAs);
            Directory.Delete(directory, recursive: true);
        };
        return $"Host=127.0.0.1;Port={port};Username=postgres;Password={cluster.Password};Database=postgres";
    }
}
