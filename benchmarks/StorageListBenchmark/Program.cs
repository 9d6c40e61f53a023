// Listing throughput: the raw AWS SDK ListObjectsV2 paging loop against Labelit's S3 plugin
// (loaded from artifacts/plugins like Web and Worker load it), on the same server in the same run.
//   dotnet run -c Release --project benchmarks/StorageListBenchmark [-- --objects 20000 --swift-objects 2000 --rounds 5]
using Labelit.Benchmarks.StorageList;
using Labelit.TestSupport.S3;

var options = BenchmarkOptions.Parse(args);

Console.WriteLine($"Storage listing benchmark: {options.Rounds} alternating rounds per server, median reported.");
Console.WriteLine($"{"server",-8} {"objects",8} {"raw SDK obj/s",14} {"plugin obj/s",13} {"plugin/raw",11}");

await using (var fauxqs = await FauxqsServer.StartAsync())
{
    await ListingComparison.RunAsync(fauxqs, options.Objects, options.Rounds);
}

if (options.SwiftObjects > 0)
{
    // Swift stores about 60 objects/s on a 2-core machine, so it gets fewer objects to stay within minutes.
    await using var swift = await SwiftServer.StartAsync();
    await ListingComparison.RunAsync(swift, options.SwiftObjects, options.Rounds);
}
