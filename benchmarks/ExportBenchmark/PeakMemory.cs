namespace Labelit.ExportBenchmark;

internal static class PeakMemory
{
    /// <summary>Starts VmHWM again from the current resident size ("5" to clear_refs, Linux 4.0+),
    /// so the peak reported is the measured conversion's, not the warm-up's.</summary>
    public static void ResetPeak() => File.WriteAllText("/proc/self/clear_refs", "5");

    /// <summary>The process's peak resident set size (Linux VmHWM), in bytes.</summary>
    public static long ReadVmHwmBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("VmHWM not found in /proc/self/status (Linux only).");
    }
}
