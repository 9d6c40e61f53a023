// Listing throughput: each raw client's paging loop (AWS SDK ListObjectsV2 on fauxqs and Swift,
// Google.Cloud.Storage.V1's ListObjectsAsync on the in-repo fake of GCS's JSON API) against Labelit's
// plugin for it (loaded from artifacts/plugins like Web and Worker load it), on the same server in the
// same run; then how long the shipped plugins take to load.
//   dotnet run -c Release --project benchmarks/StorageListBenchmark [-- --objects 20000 --swift-objects 2000 --gcs-objects 20000 --rounds 5 --plugin-load-runs 5]
using Labelit.Benchmarks.StorageList;
using Labelit.TestSupport.S3;

if (args is [PluginLoadTiming.InThisProcessArgument])
{
    PluginLoadTiming.TimeInThisProcess();
    return;
}

var options = BenchmarkOptions.Parse(args);

Console.WriteLine($"Storage listing benchmark: {options.Rounds} alternating rounds per server, median reported.");
ListingComparison.PrintHeader();
using (var plugins = ShippedPlugins.Load(ShippedPlugins.Directory))
{
    await using (var fauxqs = await FauxqsServer.StartAsync())
    {
        await S3Listing.RunAsync(fauxqs, plugins, options.Objects, options.Rounds);
    }

    if (options.SwiftObjects > 0)
    {
        // Swift stores about 60 objects/s on a 2-core machine, so it gets fewer objects to stay within minutes.
        await using var swift = await SwiftServer.StartAsync();
        await S3Listing.RunAsync(swift, plugins, options.SwiftObjects, options.Rounds);
    }

    if (options.GcsObjects > 0)
    {
        // The fake is not Google: this row is the plugin's overhead over the client library, not Google's speed.
        await GcsListing.RunAsync(plugins, options.GcsObjects, options.Rounds);
    }
}

if (options.PluginLoadRuns > 0)
{
    await PluginLoadTiming.RunAsync(options.PluginLoadRuns);
}
