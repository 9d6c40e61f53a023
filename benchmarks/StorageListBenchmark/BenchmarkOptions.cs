namespace Labelit.Benchmarks.StorageList;

internal sealed record BenchmarkOptions(int Objects, int SwiftObjects, int Rounds)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions(Objects: 20_000, SwiftObjects: 2_000, Rounds: 5);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1]);
            options = args[i] switch
            {
                "--objects" => options with { Objects = value },
                "--swift-objects" => options with { SwiftObjects = value },
                "--rounds" => options with { Rounds = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}; use --objects, --swift-objects (0 skips Swift) or --rounds."),
            };
        }

        return options;
    }
}
