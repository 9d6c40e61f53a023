using System.Diagnostics;

namespace Labelit.ProxyBenchmark;

/// <summary>One request at a time, as a labelling page's API calls go: median and p99 of each request's time.</summary>
public static class SequentialLatency
{
    public sealed record Result(string Path, double P50Ms, double P99Ms);

    public static async Task<Result> MeasureAsync(string name, HttpClient client, string url, int requests)
    {
        for (var i = 0; i < 20; i++)
            await GetAsync(client, url); // warm-up: connections opened, code compiled
        var times = new double[requests];
        for (var i = 0; i < requests; i++)
        {
            var watch = Stopwatch.StartNew();
            await GetAsync(client, url);
            times[i] = watch.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return new(name, times[requests / 2], times[Math.Min(requests - 1, requests * 99 / 100)]);
    }

    private static async Task GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }
}
