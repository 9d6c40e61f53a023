using System.Diagnostics;

namespace Labelit.TestSupport;

/// <summary>One request at a time, as a labelling page's API calls go: percentiles of each request's time (for benchmarks).</summary>
public static class SequentialLatency
{
    public sealed record Result(string Path, double P50Ms, double P95Ms, double P99Ms);

    public static Task<Result> MeasureAsync(string name, HttpClient client, string url, int requests) =>
        MeasureAsync(name, client, () => new HttpRequestMessage(HttpMethod.Get, url), requests);

    public static async Task<Result> MeasureAsync(string name, HttpClient client, Func<HttpRequestMessage> request, int requests) =>
        Summarise(name, await TimeAsync(client, request, requests));

    /// <summary>Each request's time in ms; <paramref name="request"/> makes a fresh request each time (a request is sent once).</summary>
    public static async Task<double[]> TimeAsync(HttpClient client, Func<HttpRequestMessage> request, int requests, int warmUp = 20)
    {
        for (var i = 0; i < warmUp; i++)
        {
            using var message = request();
            await SendAsync(client, message); // connections opened, code compiled
        }
        var times = new double[requests];
        for (var i = 0; i < requests; i++)
        {
            using var message = request();
            var watch = Stopwatch.StartNew();
            await SendAsync(client, message);
            times[i] = watch.Elapsed.TotalMilliseconds;
        }
        return times;
    }

    /// <summary>Percentiles of times measured elsewhere (e.g. several rounds put together).</summary>
    public static Result Summarise(string name, IEnumerable<double> times)
    {
        var sorted = times.Order().ToArray();
        double At(int percent) => sorted[Math.Min(sorted.Length - 1, sorted.Length * percent / 100)];
        return new(name, At(50), At(95), At(99));
    }

    private static async Task SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }
}
