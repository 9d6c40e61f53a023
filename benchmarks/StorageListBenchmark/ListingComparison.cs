using System.Diagnostics;
using Amazon.S3.Model;
using Labelit.Plugins;
using Labelit.Plugins.Hosting;
using Labelit.TestSupport.S3;
using Microsoft.Extensions.Logging.Abstractions;

namespace Labelit.Benchmarks.StorageList;

internal static class ListingComparison
{
    public static async Task RunAsync(S3Server server, int objectCount, int rounds)
    {
        var bucket = await server.CreateBucketAsync();
        var seeding = Stopwatch.StartNew();
        await server.PutObjectsAsync(bucket, Enumerable.Range(0, objectCount).Select(i => ($"data/{i:D6}.txt", new[] { (byte)'x' })).ToList());
        Console.Error.WriteLine($"{server.Name}: stored {objectCount} objects in {seeding.Elapsed.TotalSeconds:F1} s");

        using var raw = server.CreateRawClient();
        var registry = StoragePluginRegistry.Load(
            new StoragePluginsOptions { PluginsDirectory = Path.Combine(Labelit.TestSupport.RepositoryPaths.Root, "artifacts", "plugins") }, NullLogger.Instance);
        using var plugin = registry.CreateBackend("s3", server.Settings);
        var prefix = StoragePath.Parse($"s3://{bucket}/data/");

        // Warm-up: JIT, connection pool.
        await Expect(objectCount, () => S3Server.CountObjectsRawAsync(raw, bucket, "data/"));
        await Expect(objectCount, () => ListPluginAsync(plugin, prefix));

        var rawTimes = new List<double>();
        var pluginTimes = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            rawTimes.Add(await Expect(objectCount, () => S3Server.CountObjectsRawAsync(raw, bucket, "data/")));
            pluginTimes.Add(await Expect(objectCount, () => ListPluginAsync(plugin, prefix)));
        }

        var rawRate = objectCount / Median(rawTimes);
        var pluginRate = objectCount / Median(pluginTimes);
        Console.WriteLine($"{server.Name,-8} {objectCount,8} {rawRate,14:N0} {pluginRate,13:N0} {pluginRate / rawRate,11:F2}");
    }

    private static async Task<int> ListPluginAsync(IStorageBackend backend, StoragePath prefix)
    {
        var count = 0;
        await foreach (var page in backend.ListAsync(prefix))
        {
            count += page.Count;
        }

        return count;
    }

    private static async Task<double> Expect(int expected, Func<Task<int>> list)
    {
        var watch = Stopwatch.StartNew();
        var listed = await list();
        if (listed != expected)
        {
            throw new InvalidOperationException($"listed {listed} objects, expected {expected}");
        }

        return watch.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
