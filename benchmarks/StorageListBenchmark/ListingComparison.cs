using System.Diagnostics;
using Labelit.Plugins;

namespace Labelit.Benchmarks.StorageList;

/// <summary>One table row: a raw client's listing rate against the plugin's, alternating rounds on the same server.</summary>
internal static class ListingComparison
{
    public static void PrintHeader() =>
        Console.WriteLine($"{"server",-9} {"objects",8} {"raw client obj/s",17} {"plugin obj/s",13} {"plugin/raw",11}");

    public static async Task RunAsync(string server, int objectCount, int rounds, Func<Task<int>> listRaw, IStorageBackend plugin, StoragePath prefix)
    {
        // Warm-up: JIT, connection pool, credentials.
        await Expect(objectCount, listRaw);
        await Expect(objectCount, () => ListPluginAsync(plugin, prefix));

        var rawTimes = new List<double>();
        var pluginTimes = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            rawTimes.Add(await Expect(objectCount, listRaw));
            pluginTimes.Add(await Expect(objectCount, () => ListPluginAsync(plugin, prefix)));
        }

        var rawRate = objectCount / Median(rawTimes);
        var pluginRate = objectCount / Median(pluginTimes);
        Console.WriteLine($"{server,-9} {objectCount,8} {rawRate,17:N0} {pluginRate,13:N0} {pluginRate / rawRate,11:F2}");
    }

    public static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

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
}
