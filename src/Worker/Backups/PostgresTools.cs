using System.Diagnostics;
using Npgsql;

namespace Labelit.Worker.Backups;

/// <summary>
/// Runs pg_dump and pg_restore against the Labelit database. The connection comes from the
/// connection string as separate options; the password goes only into PGPASSWORD, never onto
/// the command line, where any local user could read it in the process list.
/// </summary>
public sealed class PostgresTools(string? configuredPgDump)
{
    public async Task DumpAsync(string connectionString, string outputFile, CancellationToken cancellationToken)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        // Custom format: compressed, and pg_restore can clean and restore it object by object.
        await RunAsync("pg_dump", [.. ConnectionArguments(settings), "--format=custom", "--no-password", "--file", outputFile, "--", settings.Database!],
            settings, cancellationToken);
    }

    /// <summary>Replaces the database's objects with the dump's, in one transaction: a failure leaves the database as it was.</summary>
    public async Task RestoreAsync(string connectionString, string dumpFile, CancellationToken cancellationToken)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        // --no-owner/--no-privileges: the target database's user owns everything, whatever role
        // the backed-up server used (a new machine often has another).
        await RunAsync("pg_restore", [.. ConnectionArguments(settings), "--clean", "--if-exists", "--single-transaction",
            "--exit-on-error", "--no-owner", "--no-privileges", "--no-password", "--dbname", settings.Database!, dumpFile],
            settings, cancellationToken);
    }

    /// <summary>The tables a dump creates (schema-qualified), from its table of contents.</summary>
    public async Task<IReadOnlySet<string>> TablesInDumpAsync(string dumpFile, CancellationToken cancellationToken)
    {
        var listing = await RunAsync("pg_restore", ["--list", dumpFile], settings: null, cancellationToken);
        // TOC lines look like "215; 1259 16390 TABLE public users postgres".
        return listing.Split('\n')
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length >= 6 && !parts[0].StartsWith(';') && parts[3] == "TABLE")
            .Select(parts => $"{parts[4]}.{parts[5]}")
            .ToHashSet(StringComparer.Ordinal);
    }

    private static List<string> ConnectionArguments(NpgsqlConnectionStringBuilder settings)
    {
        var arguments = new List<string>();
        if (!string.IsNullOrEmpty(settings.Host))
            arguments.AddRange(["--host", settings.Host]);
        arguments.AddRange(["--port", settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (!string.IsNullOrEmpty(settings.Username))
            arguments.AddRange(["--username", settings.Username]);
        if (string.IsNullOrEmpty(settings.Database))
            throw new InvalidOperationException("ConnectionStrings:labelit names no database.");
        return arguments;
    }

    private async Task<string> RunAsync(string program, IReadOnlyList<string> arguments, NpgsqlConnectionStringBuilder? settings,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(FindProgram(program))
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment.Remove("PGPASSWORD");
        if (!string.IsNullOrEmpty(settings?.Password))
            start.Environment["PGPASSWORD"] = settings.Password;
        if (settings is not null && settings.SslMode is not SslMode.Disable and not SslMode.Prefer)
            start.Environment["PGSSLMODE"] = settings.SslMode.ToString().ToLowerInvariant().Replace("verify", "verify-", StringComparison.Ordinal);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} failed (exit code {process.ExitCode}): {(await errors).Trim()}");
        return await output;
    }

    /// <summary>pg_dump from configuration, else the newest PostgreSQL client on this machine (Debian keeps them off PATH).</summary>
    public string FindProgram(string program)
    {
        if (!string.IsNullOrWhiteSpace(configuredPgDump))
        {
            var path = program == "pg_dump" ? configuredPgDump : Path.Combine(Path.GetDirectoryName(configuredPgDump) ?? "", program);
            return File.Exists(path) ? path
                : throw new InvalidOperationException($"{program} is not at {path} (set by Backups:PgDumpPath).");
        }
        var found = Candidates().Select(directory => Path.Combine(directory, program)).FirstOrDefault(File.Exists);
        return found ?? throw new InvalidOperationException(
            $"{program} was not found under /usr/lib/postgresql/*/bin, /usr/pgsql-*/bin or on PATH: install the PostgreSQL client " +
            "(Debian: apt-get install postgresql-client) or set Backups:PgDumpPath.");
    }

    private static IEnumerable<string> Candidates()
    {
        // pg_dump must be at least as new as the server, so the newest installed version comes first.
        var versioned = Directories("/usr/lib/postgresql", "*", "bin").Concat(Directories("/usr", "pgsql-*", "bin"))
            .OrderByDescending(MajorVersion);
        return versioned.Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries));
    }

    private static IEnumerable<string> Directories(string root, string pattern, string child) =>
        System.IO.Directory.Exists(root) ? System.IO.Directory.GetDirectories(root, pattern).Select(d => Path.Combine(d, child)) : [];

    private static int MajorVersion(string binDirectory)
    {
        var name = Path.GetFileName(Path.GetDirectoryName(binDirectory)) ?? "";
        return int.TryParse(new string(name.Where(char.IsDigit).ToArray()), out var major) ? major : 0;
    }
}
