namespace Labelit.Benchmarks.StorageList;

internal sealed record BenchmarkOptions(int Objects, int SwiftObjects, int GcsObjects, int Rounds, int PluginLoadRuns)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions(Objects: 20_000, SwiftObjects: 2_000, GcsObjects: 20_000, Rounds: 5, PluginLoadRuns: 5);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1]);
            options = args[i] switch
            {
                "--objects" => options with { Objects = value },
                "--swift-objects" => options with { SwiftObjects = value },
                "--gcs-objects" => options with { GcsObjects = value },
                "--rounds" => options with { Rounds = value },
                "--plugin-load-runs" => options with { PluginLoadRuns = value },
                _ => throw new ArgumentException(
                    $"Unknown option {args[i]}; use --objects, --swift-objects, --gcs-objects, --rounds or --plugin-load-runs (0 skips Swift, GCS or plugin loads)."),
            };
        }

        return options;
    }
}
