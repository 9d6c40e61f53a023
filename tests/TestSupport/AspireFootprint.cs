namespace Labelit.TestSupport;

/// <summary>
/// The memory Aspire itself takes for one AppHost run: the AppHost, DCP (its API server runs on its
/// own, watching the AppHost with --monitor, and its controllers and process monitors below it) and
/// the dashboard. PostgreSQL, Redis, Web, the Worker and LS are Labelit's, not counted.
/// </summary>
public static class AspireFootprint
{
    public static long ResidentBytes(int appHostPid)
    {
        var processes = Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(entry => entry!.All(char.IsAsciiDigit))
            .Select(entry => int.Parse(entry!))
            .Select(pid => (Pid: pid, Parent: (int)ProcessCpu.Field(pid, 3), CommandLine: ProcessCpu.CommandLine(pid)))
            .ToList();
        var dcp = processes.Where(p => p.CommandLine.Contains("/tools/dcp start-apiserver", StringComparison.Ordinal)
            && p.CommandLine.Contains($"--monitor {appHostPid} ", StringComparison.Ordinal)).Select(p => p.Pid).ToHashSet();
        // DCP's descendants, a generation at a time.
        for (var added = true; added;)
        {
            var children = processes.Where(p => dcp.Contains(p.Parent) && !dcp.Contains(p.Pid)).Select(p => p.Pid).ToList();
            dcp.UnionWith(children);
            added = children.Count > 0;
        }
        var aspire = processes.Where(p => dcp.Contains(p.Pid)
            && (p.CommandLine.Contains("/tools/dcp ", StringComparison.Ordinal) || p.CommandLine.Contains("Aspire.Dashboard", StringComparison.Ordinal)));
        return Resident(appHostPid) + aspire.Sum(p => Resident(p.Pid));
    }

    private static long Resident(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
