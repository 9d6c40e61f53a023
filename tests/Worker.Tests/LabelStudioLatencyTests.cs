using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Labelit.Data.LabelStudio;
using Labelit.TestSupport;

namespace Labelit.Worker.Tests;

/// <summary>
/// LS's server sends a response's status line alone and holds the rest until it is acknowledged
/// (docs/label-studio-latency.md); the stand-in's STANDIN_WSGI_WIRE mode does the same on the wire.
/// Labelit's LS connections must not wait for that; an ordinary kept-alive client does (~40 ms).
/// </summary>
public sealed class LabelStudioLatencyTests : IAsyncLifetime
{
    private const int Requests = 15;
    private readonly string _dataDirectory = TestDirectories.Create("ls-latency-");
    private Process _standIn = null!;
    private Uri _version = null!;

    public async Task InitializeAsync()
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { RepositoryPaths.Assembly("tests/LabelStudioStandIn", "Labelit.LabelStudioStandIn"), "start", "--port", port.ToString(), "--data-dir", _dataDirectory })
            start.ArgumentList.Add(arg);
        start.Environment["STANDIN_WSGI_WIRE"] = "true";
        _standIn = Process.Start(start)!;
        _version = new Uri($"http://127.0.0.1:{port}/api/version/");
        using var probe = new HttpClient();
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(100))
        {
            try
            {
                (await probe.GetAsync(_version)).EnsureSuccessStatusCode();
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !_standIn.HasExited)
            {
            }
        }
    }

    [Fact]
    public async Task Labelit_connections_to_Label_Studio_do_not_wait_for_delayed_acknowledgements()
    {
        using var ordinary = new HttpClient(new SocketsHttpHandler());
        using var labelit = new HttpClient(LabelStudioConnections.CreateHandler());

        var ordinaryMedian = await MedianKeptAliveAsync(ordinary);
        var labelitMedian = await MedianKeptAliveAsync(labelit);

        // The stand-in reproduces LS's stall (else this test proves nothing), and Labelit avoids it.
        Assert.True(ordinaryMedian >= 30, $"an ordinary kept-alive client took {ordinaryMedian:0.0} ms per request: the stand-in no longer stalls like LS");
        Assert.True(labelitMedian < 15, $"Labelit's LS connection took {labelitMedian:0.0} ms per request (ordinary client: {ordinaryMedian:0.0} ms)");
    }

    private async Task<double> MedianKeptAliveAsync(HttpClient client)
    {
        (await client.GetAsync(_version)).EnsureSuccessStatusCode(); // opens the connection that the rest reuse
        var times = new List<double>();
        for (var i = 0; i < Requests; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync(_version);
            await response.Content.ReadAsByteArrayAsync();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public Task DisposeAsync()
    {
        _standIn.Kill(entireProcessTree: true);
        _standIn.WaitForExit();
        Directory.Delete(_dataDirectory, recursive: true);
        return Task.CompletedTask;
    }
}
