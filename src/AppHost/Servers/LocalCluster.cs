using System.Diagnostics;

namespace Labelit.AppHost.Servers;

/// <summary>
/// The files of a local PostgreSQL cluster: initialised on first use with a generated superuser
/// password, and freed of a server an earlier, killed run left behind.
/// </summary>
internal sealed class LocalCluster(string binDirectory, string directory, string? runAs)
{
    public string Directory { get; } = Path.GetFullPath(directory);

    public string DataDirectory => Path.Combine(Directory, "data");

    public string? RunAs => runAs;

    private string PasswordFile => Path.Combine(Directory, "superuser.password");

    public string Password => File.ReadAllText(PasswordFile).Trim();

    public void Prepare()
    {
        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            Initialise();
        }
        StopLeftoverServer();
    }

    private void Initialise()
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.Delete(PasswordFile); // a password left from an earlier, failed initdb no longer applies
        var password = SecretFile.ReadOrCreate(PasswordFile, 24);

        // initdb reads the password from a file the cluster owner can read; it is removed at once.
        var initPasswordFile = Path.Combine(Directory, ".initdb-password");
        SecretFile.Write(initPasswordFile, password);
        try
        {
            if (runAs is not null)
            {
                CommandRunner.Run("chown", [runAs, Directory, initPasswordFile]);
            }
            CommandRunner.Run(Path.Combine(binDirectory, "initdb"),
                ["-D", DataDirectory, "-U", "postgres", "--pwfile", initPasswordFile, "-E", "UTF8", "--locale=C.UTF-8",
                 "--auth-host=scram-sha-256", "--auth-local=peer"], runAs);
        }
        catch (ServersUnavailableException e) when (runAs is not null && e.Message.Contains("Permission denied", StringComparison.Ordinal))
        {
            // Run as root, the server runs as its own user, which a folder closed to others (mktemp -d, a home) keeps out.
            throw new ServersUnavailableException(
                $"PostgreSQL runs as the '{runAs}' user here and cannot reach {Directory}: a folder above it is closed to other users. " +
                $"Choose a data folder that user can reach (AppHost__DataDirectory), or open the folders above it to others (chmod o+x). Detail: {e.Message}");
        }
        finally
        {
            File.Delete(initPasswordFile);
        }
    }

    /// <summary>
    /// A server still running on this folder (an AppHost killed before it could stop it, or the old
    /// orchestrator's) would make the new one refuse to start: stop it cleanly first.
    /// </summary>
    private void StopLeftoverServer()
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid) && IsAlive(pid))
        {
            Console.Out.WriteLine($"Stopping the PostgreSQL server an earlier run left on {DataDirectory} (pid {pid}).");
            CommandRunner.Run(Path.Combine(binDirectory, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "stop"], runAs);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
