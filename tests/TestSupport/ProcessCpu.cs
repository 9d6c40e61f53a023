namespace Labelit.TestSupport;

/// <summary>
/// CPU time (user + system) that a group of processes used, read from /proc/PID/stat, for benchmarks.
/// Divided by the work done, it says what each part costs whatever else the shared machine was doing,
/// which a rate alone cannot.
/// </summary>
public sealed class ProcessCpu(string name, IReadOnlyList<int> processIds)
{
    // USER_HZ, the unit of utime and stime: 100 on every Linux this runs on.
    private const double TicksPerSecond = 100;

    public string Name { get; } = name;

    public IReadOnlyList<int> ProcessIds { get; } = processIds;

    public TimeSpan Used() => TimeSpan.FromSeconds(ProcessIds.Sum(Ticks) / TicksPerSecond);

    /// <summary>Every process whose command line contains <paramref name="marker"/>, such as a server's data directory.</summary>
    public static ProcessCpu Find(string name, string marker) => Find(name, 1, marker);

    /// <summary>
    /// The processes of the Labelit run on <paramref name="dataDirectory"/> whose command line contains
    /// <paramref name="marker"/>: Aspire starts Web and the Worker with Labelit__DataDirectory set, and
    /// the Worker starts each LS instance with a clean environment whose LABEL_STUDIO_BASE_DATA_DIR lies
    /// in that folder. Under Aspire they descend from DCP, not from the AppHost.
    /// </summary>
    public static ProcessCpu FindInRun(string name, string dataDirectory, string marker)
    {
        var service = $"Labelit__DataDirectory={dataDirectory}";
        var instance = $"LABEL_STUDIO_BASE_DATA_DIR={dataDirectory}/";
        var matching = Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(entry => entry!.All(char.IsAsciiDigit))
            .Select(entry => int.Parse(entry!))
            .Where(pid => CommandLine(pid).Contains(marker, StringComparison.Ordinal)
                && Environment(pid).Any(variable => variable == service || variable.StartsWith(instance, StringComparison.Ordinal)))
            .ToList();
        return matching.Count > 0 ? new ProcessCpu(name, matching) : throw new InvalidOperationException($"No process of {name} ({marker}) in the run on {dataDirectory}.");
    }

    private static string[] Environment(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/environ").Split('\0');
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary><paramref name="root"/>'s descendants (and itself) whose command line contains <paramref name="marker"/>.</summary>
    public static ProcessCpu Find(string name, int root, string marker)
    {
        var parents = Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(entry => entry!.All(char.IsAsciiDigit))
            .Select(entry => int.Parse(entry!))
            .Select(pid => (Pid: pid, Parent: Field(pid, 3)))
            .Where(p => p.Parent >= 0)
            .ToDictionary(p => p.Pid, p => (int)p.Parent);
        bool Descends(int pid)
        {
            for (var current = pid; current > 0; current = parents.GetValueOrDefault(current))
            {
                if (current == root)
                {
                    return true;
                }
            }
            return false;
        }
        var matching = parents.Keys.Where(pid => Descends(pid) && CommandLine(pid).Contains(marker, StringComparison.Ordinal)).ToList();
        return matching.Count > 0 ? new ProcessCpu(name, matching) : throw new InvalidOperationException($"No process of {name} ({marker}) under {root}.");
    }

    private static long Ticks(int pid) => Math.Max(0, Field(pid, 13)) + Math.Max(0, Field(pid, 14));

    /// <summary>Field <paramref name="index"/> of /proc/PID/stat counted from 0 (ppid 3, utime 13, stime 14); -1 once the process is gone.</summary>
    internal static long Field(int pid, int index)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name is in parentheses and may hold spaces: count fields after its closing one.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[index - 2]);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    internal static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
