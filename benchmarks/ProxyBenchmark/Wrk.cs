using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Labelit.ProxyBenchmark;

public sealed record WrkResult(string Path, double RequestsPerSecond, double P50Ms, double P99Ms, long Errors, long Requests);

/// <summary>Runs wrk against a loopback URL for a bounded time and reads its --latency report.</summary>
public static partial class Wrk
{
    public static async Task<WrkResult> RunAsync(string name, string url, int connections, TimeSpan duration, string? cookie = null)
    {
        if (!new Uri(url).IsLoopback)
        {
            throw new ArgumentException("The benchmark only ever targets loopback addresses.", nameof(url));
        }
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-t2", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", "--timeout", "5s" })
        {
            start.ArgumentList.Add(argument);
        }
        if (cookie is not null)
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add("Cookie: " + cookie);
        }
        start.ArgumentList.Add(url);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        var errors = Number(NonSuccess(), output) + Number(SocketErrors(), output);
        return new WrkResult(name, Number(Rate(), output), Milliseconds(Percentile50(), output), Milliseconds(Percentile99(), output), (long)errors, (long)Number(Requests(), output));
    }

    private static double Number(Regex pattern, string text)
    {
        var match = pattern.Match(text);
        return match.Success ? match.Groups.Cast<Group>().Skip(1).Where(g => g.Success).Sum(g => double.Parse(g.Value, CultureInfo.InvariantCulture)) : 0;
    }

    private static double Milliseconds(Regex pattern, string text)
    {
        var match = pattern.Match(text);
        if (!match.Success)
        {
            return double.NaN;
        }
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex Rate();

    [GeneratedRegex(@"^\s+50%\s+([\d.]+)(us|ms|s)", RegexOptions.Multiline)]
    private static partial Regex Percentile50();

    [GeneratedRegex(@"^\s+99%\s+([\d.]+)(us|ms|s)", RegexOptions.Multiline)]
    private static partial Regex Percentile99();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Requests();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
