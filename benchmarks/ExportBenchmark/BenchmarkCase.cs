using System.Globalization;

namespace Labelit.ExportBenchmark;

/// <summary>One measurement: a format over one generated file, streaming or naive.</summary>
internal sealed record BenchmarkCase(TaskKind Kind, int Tasks, string Format, bool Naive)
{
    public string[] ToArguments(string inputPath) =>
        ["--case", Kind.ToString(), Tasks.ToString(CultureInfo.InvariantCulture), Format, Naive ? "naive" : "streaming", inputPath];

    public static (BenchmarkCase Case, string InputPath) Parse(string[] args) =>
        (new BenchmarkCase(Enum.Parse<TaskKind>(args[1]), int.Parse(args[2], CultureInfo.InvariantCulture), args[3], args[4] == "naive"), args[5]);
}

/// <summary>What a child process reports back on its last output line.</summary>
/// <param name="CpuSeconds">Processor time of the child (all threads) during the conversion:
/// a rate per CPU-second stays comparable when other work shares the machine.</param>
internal sealed record CaseResult(int Tasks, int Annotations, double Seconds, double CpuSeconds, long PeakBytes, long OutputBytes)
{
    public double TasksPerSecond => Tasks / Seconds;

    public double TasksPerCpuSecond => Tasks / CpuSeconds;

    public double PeakMegabytes => PeakBytes / 1024.0 / 1024.0;

    public string Serialize() => string.Join(' ', new object[] { Tasks, Annotations, Seconds, CpuSeconds, PeakBytes, OutputBytes }
        .Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));

    public static CaseResult Deserialize(string line)
    {
        var parts = line.Split(' ');
        return new CaseResult(
            int.Parse(parts[0], CultureInfo.InvariantCulture),
            int.Parse(parts[1], CultureInfo.InvariantCulture),
            double.Parse(parts[2], CultureInfo.InvariantCulture),
            double.Parse(parts[3], CultureInfo.InvariantCulture),
            long.Parse(parts[4], CultureInfo.InvariantCulture),
            long.Parse(parts[5], CultureInfo.InvariantCulture));
    }
}
