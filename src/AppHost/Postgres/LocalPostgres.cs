using Microsoft.Extensions.Logging;
using Labelit.AppHost.Services;

namespace Labelit.AppHost.Postgres;

/// <summary>
/// A PostgreSQL cluster in a data folder, run with the machine's own server binaries. Initialised on
/// first use with a generated superuser password (kept next to the cluster, readable by its owner
/// only); later runs reuse it, and a cluster still running from an earlier run is adopted.
/// </summary>
internal sealed class LocalPostgres : IPostgresServer
{
    private readonly string _binDirectory;
    private readonly string _clusterDirectory;
    private readonly PostgresOptions _options;
    private readonly string? _runAs;
    private readonly ILogger _logger;
    private bool _startedHere;

    private LocalPostgres(string binDirectory, string clusterDirectory, PostgresOptions options, ILogger logger)
    {
        _binDirectory = binDirectory;
        _clusterDirectory = clusterDirectory;
        _options = options;
        _logger = logger;
        _runAs = Environment.IsPrivilegedProcess ? options.RunAsUser : null;
    }

    public string ConnectionString { get; private set; } = "";

    public string Description { get; private set; } = "";

    private string DataDirectory => Path.Combine(_clusterDirectory, "data");

    private string PasswordFile => Path.Combine(_clusterDirectory, "superuser.password");

    public static bool IsAvailable(PostgresOptions options) => PostgresBinaries.Find(options.BinDirectory) is not null;

    public static async Task<LocalPostgres> StartAsync(PostgresOptions options, string clusterDirectory, ILogger logger, CancellationToken cancellationToken)
    {
        var binDirectory = PostgresBinaries.Find(options.BinDirectory) ?? throw new PostgresUnavailableException(
            "PostgreSQL server binaries were not found. Install them (Debian/Ubuntu: sudo apt-get install postgresql) or start a Docker-compatible engine.");
        var server = new LocalPostgres(binDirectory, Path.GetFullPath(clusterDirectory), options, logger);
        await server.StartAsync(cancellationToken);
        return server;
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            await InitialiseAsync(cancellationToken);
        }

        var port = RunningPort();
        if (port is null)
        {
            port = _options.Port ?? FreePort.Next();
            await PgCtlAsync(cancellationToken, "-l", Path.Combine(_clusterDirectory, "postgres.log"), "-w", "-t", "60",
                "-o", ServerSettings(port.Value), "start");
            _startedHere = true;
        }
        else
        {
            _logger.LogInformation("Using the PostgreSQL server already running on port {Port}", port);
        }

        var password = (await File.ReadAllTextAsync(PasswordFile, cancellationToken)).Trim();
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Password={password};Database={_options.Database}";
        Description = $"PostgreSQL on 127.0.0.1:{port}, data in {DataDirectory}";
        await PostgresDatabase.EnsureExistsAsync(ConnectionString, cancellationToken);
    }

    private async Task InitialiseAsync(CancellationToken cancellationToken)
    {
        _logger.LogInformation("Creating a PostgreSQL cluster in {Directory}", DataDirectory);
        Directory.CreateDirectory(_clusterDirectory);
        File.Delete(PasswordFile); // a password left from an earlier, failed initdb no longer applies
        var password = SecretFile.ReadOrCreate(PasswordFile, 24);

        // initdb reads the password from a file the cluster owner can read; it is removed at once.
        var initPasswordFile = Path.Combine(_clusterDirectory, ".initdb-password");
        SecretFile.Write(initPasswordFile, password);
        try
        {
            if (_runAs is not null)
            {
                await CommandRunner.RunAsync("chown", [_runAs, _clusterDirectory, initPasswordFile], cancellationToken: cancellationToken);
            }
            await CommandRunner.RunAsync(Path.Combine(_binDirectory, "initdb"),
                ["-D", DataDirectory, "-U", "postgres", "--pwfile", initPasswordFile, "-E", "UTF8", "--locale=C.UTF-8",
                 "--auth-host=scram-sha-256", "--auth-local=peer"],
                _runAs, cancellationToken);
        }
        finally
        {
            File.Delete(initPasswordFile);
        }
    }

    /// <summary>The port of a server already running on this data folder (postmaster.pid line 4).</summary>
    private int? RunningPort()
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return null;
        }
        var lines = File.ReadAllLines(pidFile);
        var alive = lines.Length > 3 && int.TryParse(lines[0], out var pid) && ProcessIsAlive(pid);
        return alive && int.TryParse(lines[3], out var port) ? port : null;
    }

    private static bool ProcessIsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private string ServerSettings(int port)
    {
        // TCP on loopback only; no Unix socket, so two clusters never fight over /var/run/postgresql.
        var settings = $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''";
        return _options.Ephemeral
            ? settings + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            : settings;
    }

    private Task<string> PgCtlAsync(CancellationToken cancellationToken, params string[] arguments) =>
        CommandRunner.RunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["-D", DataDirectory, .. arguments], _runAs, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_startedHere)
        {
            // A throwaway cluster has nothing worth a shutdown checkpoint.
            await PgCtlAsync(CancellationToken.None, "-m", _options.Ephemeral ? "immediate" : "fast", "-w", "stop");
            _logger.LogInformation("PostgreSQL stopped");
        }
        if (_options.Ephemeral)
        {
            Directory.Delete(_clusterDirectory, recursive: true);
        }
    }
}
