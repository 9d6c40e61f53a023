using System.Diagnostics;
using System.Globalization;

namespace Labelit.Benchmarks.StorageList;

/// <summary>
/// How long <see cref="Labelit.Plugins.Hosting.StoragePluginRegistry.Load"/> takes for the shipped
/// plugins: first in a fresh process (as Web or Worker starting), then again in that process once the
/// first registry is disposed (its code is then compiled; the plugins are copied and loaded afresh, as
/// on a reload). Each run is a new process, since a first load happens once per process.
/// </summary>
internal static class PluginLoadTiming
{
    /// <summary>Makes this program time two loads and print them instead of running the benchmark.</summary>
    public const string InThisProcessArgument = "--time-plugin-loads-in-this-process";

    public static async Task RunAsync(int runs)
    {
        var first = new List<double>();
        var second = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var (firstMs, secondMs) = await TimeInFreshProcessAsync();
            first.Add(firstMs);
            second.Add(secondMs);
        }

        Console.WriteLine($"Plugin load (S3, GCS, local folder through StoragePluginRegistry), {runs} fresh processes: " +
                          $"first load median {ListingComparison.Median(first):F0} ms ({Range(first)}), " +
                          $"second load median {ListingComparison.Median(second):F0} ms ({Range(second)})");
    }

    public static void TimeInThisProcess()
    {
        var directory = ShippedPlugins.Directory;
        var first = TimeOneLoad(directory);
        var second = TimeOneLoad(directory);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{first} {second}"));
    }

    private static double TimeOneLoad(string directory)
    {
        var watch = Stopwatch.StartNew();
        using var registry = ShippedPlugins.Load(directory);
        return watch.Elapsed.TotalMilliseconds;
    }

    private static async Task<(double First, double Second)> TimeInFreshProcessAsync()
    {
        // This very program again; under `dotnet Program.dll` the process is dotnet and needs the assembly.
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(PluginLoadTiming).Assembly.Location);
        }

        start.ArgumentList.Add(InThisProcessArgument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Timing plugin loads in a fresh process failed: {await errors}");
        }

        var times = (await output).Split(' ').Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        return (times[0], times[1]);
    }

    private static string Range(List<double> values) => $"{values.Min():F0}-{values.Max():F0}";
}
