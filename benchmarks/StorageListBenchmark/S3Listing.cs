using System.Diagnostics;
using Labelit.Plugins;
using Labelit.Plugins.Hosting;
using Labelit.TestSupport.S3;

namespace Labelit.Benchmarks.StorageList;

/// <summary>The AWS SDK's plain ListObjectsV2 paging loop against the S3 plugin, on one S3-compatible server.</summary>
internal static class S3Listing
{
    public static async Task RunAsync(S3Server server, StoragePluginRegistry plugins, int objectCount, int rounds)
    {
        var bucket = await server.CreateBucketAsync();
        var seeding = Stopwatch.StartNew();
        await server.PutObjectsAsync(bucket, Enumerable.Range(0, objectCount).Select(i => ($"data/{i:D6}.txt", new[] { (byte)'x' })).ToList());
        Console.Error.WriteLine($"{server.Name}: stored {objectCount} objects in {seeding.Elapsed.TotalSeconds:F1} s");

        using var raw = server.CreateRawClient();
        using var plugin = plugins.CreateBackend("s3", server.Settings);
        await ListingComparison.RunAsync(server.Name, objectCount, rounds,
            () => S3Server.CountObjectsRawAsync(raw, bucket, "data/"), plugin, StoragePath.Parse($"s3://{bucket}/data/"));
    }
}
