namespace Labelit.LabelImportBenchmark;

internal static class PeakMemory
{
    /// <summary>Starts VmHWM again from the current resident size ("5" to clear_refs, Linux 4.0+), so each
    /// peak is its own phase's, not the warm-up's.</summary>
    public static void Reset()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        File.WriteAllText("/proc/self/clear_refs", "5");
    }

    /// <summary>The process's peak resident set size since the last reset (Linux VmHWM), in bytes.</summary>
    public static long Peak() => Field("VmHWM:");

    public static long Resident() => Field("VmRSS:");

    private static long Field(string name)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(name, StringComparison.Ordinal));
        return long.Parse(line[name.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
