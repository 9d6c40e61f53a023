using System.Runtime.InteropServices;

namespace Labelit.Worker.Runtimes;

/// <summary>What /proc tells about a process, and signals: the Linux parts of the process runtime.</summary>
internal static class LinuxProcesses
{
    public const int SigTerm = 15;
    public const int SigKill = 9;
    public const int SigCont = 18;
    public const int SigStop = 19;

    /// <summary>The process's start time in clock ticks since boot: with the pid, it names one process for good.</summary>
    public static long? StartTime(int pid)
    {
        var fields = StatFields(pid);
        return fields is { Length: > 19 } && long.TryParse(fields[19], out var ticks) ? ticks : null;
    }

    /// <summary>Alive and not a zombie.</summary>
    public static bool IsAlive(int pid, long startTime)
    {
        var fields = StatFields(pid);
        return fields is { Length: > 19 } && fields[0] != "Z" && fields[19] == startTime.ToString();
    }

    /// <summary>The process's environment, or null when it cannot be read (gone, or another user's).</summary>
    public static Dictionary<string, string>? Environment(int pid)
    {
        try
        {
            var raw = File.ReadAllText($"/proc/{pid}/environ");
            var result = new Dictionary<string, string>();
            foreach (var entry in raw.Split('\0', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = entry.IndexOf('=');
                if (equals > 0)
                    result[entry[..equals]] = entry[(equals + 1)..];
            }
            return result;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static IEnumerable<int> AllPids() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name is not null && name.All(char.IsAsciiDigit))
            .Select(name => int.Parse(name!));

    /// <summary>Signals the process group the process leads (it was started with setsid), else the process.</summary>
    public static void Signal(int pid, int signal)
    {
        if (Kill(-pid, signal) != 0)
            Kill(pid, signal);
    }

    // Fields after the command name (which may contain spaces and parentheses): state is [0],
    // starttime (field 22 in proc(5)) is [19].
    private static string[]? StatFields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var end = stat.LastIndexOf(')');
            return end < 0 ? null : stat[(end + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
