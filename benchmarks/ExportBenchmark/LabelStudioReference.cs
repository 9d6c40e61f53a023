namespace Labelit.ExportBenchmark;

/// <summary>LS's own converter (label-studio-sdk) on this machine kind, image-rectangle tasks.</summary>
internal static class LabelStudioReference
{
    public const double TargetSpeedup = 5;
    public const double MemoryLimitMegabytes = 150;
    public const double CocoPeakMegabytesAt100k = 550;

    public static double? TasksPerSecond(TaskKind kind, string format) => kind != TaskKind.ImageRectangles ? null : format switch
    {
        "JSON_MIN" => 12_500,
        "CSV" => 5_800,
        "COCO" => 4_600,
        _ => null,
    };
}
