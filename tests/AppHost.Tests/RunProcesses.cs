using System.Diagnostics;
using Labelit.AppHost.Servers;

namespace Labelit.AppHost.Tests;

/// <summary>The processes of one Labelit run, found by the data folder they were given (environment, command line or working folder).</summary>
internal static class RunProcesses
{
    public sealed record Running(int Pid, string Name);

    public static List<Running> Of(string dataDirectory)
    {
        var found = new List<Running>();
        foreach (var pid in Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(n => int.TryParse(n, out _)).Select(int.Parse!))
        {
            try
            {
                var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
                var environment = File.ReadAllText($"/proc/{pid}/environ").Split('\0');
                var workingDirectory = new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget ?? "";
                var ours = commandLine.Contains(dataDirectory) || workingDirectory.StartsWith(dataDirectory) || environment.Contains($"AppHost__DataDirectory={dataDirectory}")
                    || environment.Contains($"Labelit__DataDirectory={dataDirectory}");
                if (ours && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ") && pid != Environment.ProcessId)
                {
                    found.Add(new Running(pid, Path.GetFileName(commandLine.Split(' ')[0])));
                }
            }
            catch (IOException)
            {
                // gone meanwhile
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return found;
    }

    /// <summary>Seconds until no process of the run is left; fails naming those still there at the limit.</summary>
    public static async Task<double> WaitUntilNoneAsync(string dataDirectory, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (Of(dataDirectory) is { Count: > 0 } left)
        {
            Assert.True(clock.Elapsed < limit, $"Still running {limit.TotalSeconds:0} s after stop: {string.Join(", ", left)}");
            await Task.Delay(250);
        }
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Starts the run's cluster with pg_ctl, as the old orchestrator did; returns the server's pid.</summary>
    public static int StartClusterByHand(string dataDirectory)
    {
        var bin = PostgresBinaries.Find(null)!;
        var data = Path.Combine(dataDirectory, "postgres", "data");
        CommandRunner.Run(Path.Combine(bin, "pg_ctl"),
            ["-D", data, "-w", "-l", "/dev/null", "-o", $"-p {Labelit.AppHost.Services.FreePort.Next()} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''", "start"],
            Environment.IsPrivilegedProcess ? "postgres" : null);
        return int.Parse(File.ReadLines(Path.Combine(data, "postmaster.pid")).First());
    }
}
