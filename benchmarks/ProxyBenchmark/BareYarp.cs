using System.Diagnostics;
using Labelit.TestSupport;

namespace Labelit.ProxyBenchmark;

/// <summary>
/// benchmarks/BareYarpProxy on 127.0.0.1: YARP's forwarder on Kestrel with nothing of Labelit's. What it
/// costs per request is the floor for any proxy built on the design's libraries.
/// </summary>
public sealed class BareYarp : IAsyncDisposable
{
    private readonly Process _process;

    private BareYarp(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public int ProcessId => _process.Id;

    public static async Task<BareYarp> StartAsync(string backend)
    {
        var url = $"http://127.0.0.1:{Nginx.FreePort()}";
        var assembly = RepositoryPaths.Assembly("benchmarks/BareYarpProxy", "Labelit.BareYarpProxy");
        var process = Process.Start(new ProcessStartInfo("dotnet", [assembly, url, backend]) { RedirectStandardError = true })!;
        var proxy = new BareYarp(process, url);
        using var http = new HttpClient();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                await http.GetAsync(url);
                return proxy;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException("The bare YARP proxy did not start: " + await process.StandardError.ReadToEndAsync());
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }
}
