using System.Diagnostics;
using System.Globalization;

namespace Labelit.ExportBenchmark;

internal static class BenchmarkPlan
{
    private static readonly int[] Sizes = [10_000, 50_000, 100_000];
    private static readonly int[] NaiveSizes = [10_000, 50_000];

    public static async Task<int> RunAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"labelit-export-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        try
        {
            Console.WriteLine($"Labelit export benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}; each case in its own process.");
            Console.WriteLine($"Load average at start: {LoadAverage()}");
            var results = new List<(BenchmarkCase Case, CaseResult Result)>();
            foreach (var kind in Enum.GetValues<TaskKind>())
            {
                string[] formats = kind == TaskKind.ImageRectangles ? ["JSON_MIN", "CSV", "COCO"] : ["JSON_MIN", "CSV"];
                foreach (var size in Sizes)
                {
                    var input = Path.Combine(directory, $"{kind}-{size}.json");
                    var generation = Stopwatch.StartNew();
                    TaskGenerator.Write(input, kind, size);
                    Console.WriteLine($"Generated {size:N0} {kind} tasks ({new FileInfo(input).Length / 1024.0 / 1024.0:F0} MB) in {generation.Elapsed.TotalSeconds:F1} s");
                    foreach (var format in formats)
                    {
                        foreach (var naive in NaiveSizes.Contains(size) ? new[] { false, true } : [false])
                        {
                            var benchmarkCase = new BenchmarkCase(kind, size, format, naive);
                            results.Add((benchmarkCase, await RunChildAsync(benchmarkCase, input)));
                        }
                    }

                    File.Delete(input);
                }
            }

            Report.Print(results);
            Console.WriteLine($"Load average at end: {LoadAverage()} (other work on this machine slows the wall-clock rates)");
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static async Task<CaseResult> RunChildAsync(BenchmarkCase benchmarkCase, string inputPath)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var self = Environment.ProcessPath!;
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.FileName = self;
            start.ArgumentList.Add(typeof(BenchmarkPlan).Assembly.Location);
        }
        else
        {
            start.FileName = self;
        }

        foreach (var argument in benchmarkCase.ToArguments(inputPath))
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEndAsync();
        var errors = child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"Case {benchmarkCase} failed: {await errors}");
        }

        var result = CaseResult.Deserialize((await output).Trim().Split('\n')[^1]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {benchmarkCase.Format,-8} {(benchmarkCase.Naive ? "naive" : "streaming"),-9} {result.TasksPerSecond,9:N0} tasks/s {result.TasksPerCpuSecond,9:N0} tasks/CPU-s  peak {result.PeakMegabytes,6:F0} MB"));
        return result;
    }
}
