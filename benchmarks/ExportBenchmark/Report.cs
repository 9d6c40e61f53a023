using System.Globalization;

namespace Labelit.ExportBenchmark;

internal static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Print(List<(BenchmarkCase Case, CaseResult Result)> results)
    {
        Console.WriteLine();
        Console.WriteLine("Streaming conversion. Target: >= 5x LS's rate and < 150 MB peak. LS's converter on this machine kind:");
        Console.WriteLine("~12,500 tasks/s JSON_MIN, 5,800 CSV, 4,600 COCO (image rectangles), ~550 MB peak for COCO at 100k tasks.");
        Console.WriteLine("tasks/s is wall clock; tasks/CPU-s divides by the process's processor time, which stays comparable");
        Console.WriteLine("when other work shares the machine. 'x LS' is shown for both. Each case: a fresh process, a warm-up,");
        Console.WriteLine("then two measured runs; the faster run and the higher peak are shown.");
        Line("kind", "tasks", "format", "tasks/s", "tasks/CPU-s", "x LS", "x LS cpu", "peak MB", "target", "output MB");
        foreach (var (c, r) in results.Where(x => !x.Case.Naive))
        {
            var reference = LabelStudioReference.TasksPerSecond(c.Kind, c.Format);
            var wallSpeedup = r.TasksPerSecond / reference;
            var cpuSpeedup = r.TasksPerCpuSecond / reference;
            var fastEnough = reference is null || wallSpeedup >= LabelStudioReference.TargetSpeedup;
            var fastEnoughOnCpu = reference is null || cpuSpeedup >= LabelStudioReference.TargetSpeedup;
            var small = r.PeakMegabytes < LabelStudioReference.MemoryLimitMegabytes;
            var verdict = !small ? "MEMORY" : fastEnough ? "met" : fastEnoughOnCpu ? "met (cpu)" : "MISSED";
            Line(c.Kind.ToString(), c.Tasks.ToString("N0", Invariant), c.Format, r.TasksPerSecond.ToString("N0", Invariant),
                r.TasksPerCpuSecond.ToString("N0", Invariant), Ratio(wallSpeedup), Ratio(cpuSpeedup),
                r.PeakMegabytes.ToString("F0", Invariant), verdict, (r.OutputBytes / 1024.0 / 1024.0).ToString("F1", Invariant));
        }

        if (results.FirstOrDefault(x => x.Case is { Kind: TaskKind.ImageRectangles, Tasks: 100_000, Format: "COCO", Naive: false }).Result is { } coco)
        {
            Console.WriteLine(string.Format(Invariant, "COCO at 100,000 image tasks: {0:F0} MB peak vs LS ~{1:F0} MB ({2:F1}x less).",
                coco.PeakMegabytes, LabelStudioReference.CocoPeakMegabytesAt100k, LabelStudioReference.CocoPeakMegabytesAt100k / coco.PeakMegabytes));
        }

        Console.WriteLine();
        Console.WriteLine("Streaming vs naive (whole export loaded into one JsonDocument, output built in a MemoryStream):");
        Line("kind", "tasks", "format", "stream t/s", "naive t/s", "speed s/n", "stream MB", "naive MB", "memory s/n", "");
        foreach (var (c, naive) in results.Where(x => x.Case.Naive))
        {
            var streaming = results.Single(x => x.Case == c with { Naive = false }).Result;
            Line(c.Kind.ToString(), c.Tasks.ToString("N0", Invariant), c.Format,
                streaming.TasksPerSecond.ToString("N0", Invariant), naive.TasksPerSecond.ToString("N0", Invariant),
                Ratio(streaming.TasksPerSecond / naive.TasksPerSecond),
                streaming.PeakMegabytes.ToString("F0", Invariant), naive.PeakMegabytes.ToString("F0", Invariant),
                Ratio(streaming.PeakMegabytes / naive.PeakMegabytes), "");
        }
    }

    private static string Ratio(double? ratio) => ratio is { } r ? r.ToString("F2", Invariant) + "x" : "-";

    private static void Line(params string[] cells) =>
        Console.WriteLine(string.Format(Invariant, "{0,-19} {1,8} {2,-8} {3,11} {4,12} {5,8} {6,9} {7,8} {8,10} {9,10}", cells));
}
