using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Labelit.TestSupport;

namespace Labelit.EndToEnd.Tests;

/// <summary>
/// A second Labelit Web beside the one Aspire started: the same program with the same environment
/// (database, Redis, key ring, settings), on another port, as a second Web behind one address would be.
/// Its console output is kept, so a test can read what it logged.
/// </summary>
public sealed class AnotherWeb : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private AnotherWeb(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public string Output => string.Join('\n', _lines);

    /// <summary>The environment Aspire gave the run's Web, read from /proc (Aspire sets Labelit__DataDirectory on it).</summary>
    public static Dictionary<string, string> EnvironmentOfRunningWeb(string dataDirectory)
    {
        var web = ProcessCpu.FindInRun("Web", dataDirectory, "Labelit.Web").ProcessIds[0];
        return File.ReadAllText($"/proc/{web}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(variable => variable.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : "");
    }

    /// <summary>An address on a free port of the same host as <paramref name="firstWebUrl"/>, so a browser's Labelit cookie goes to both.</summary>
    public static string UrlBeside(string firstWebUrl)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return new UriBuilder(firstWebUrl) { Port = port }.Uri.GetLeftPart(UriPartial.Authority);
    }

    /// <summary>Starts it at <paramref name="url"/> and waits until it listens.</summary>
    public static async Task<AnotherWeb> StartAsync(Dictionary<string, string> environment, string url)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.Combine(RepositoryPaths.Root, "src", "Web"),
        };
        start.ArgumentList.Add(RepositoryPaths.Assembly("src/Web", "Labelit.Web"));
        start.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        // Its own address only: the ports Aspire chose belong to the first Web.
        foreach (var ports in new[] { "HTTP_PORTS", "HTTPS_PORTS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS" })
        {
            start.Environment.Remove(ports);
        }
        start.Environment["ASPNETCORE_URLS"] = url;

        var process = new Process { StartInfo = start };
        var web = new AnotherWeb(process, url);
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) web._lines.Enqueue(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) web._lines.Enqueue(line.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await web.WaitForAsync("Now listening on", TimeSpan.FromSeconds(30));
            return web;
        }
        catch
        {
            await web.DisposeAsync();
            throw;
        }
    }

    private async Task WaitForAsync(string pattern, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!_lines.Any(line => Regex.IsMatch(line, pattern)))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The second Web never printed /{pattern}/. Its output:\n{Output}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Stops it as a service manager would (SIGTERM, a graceful shutdown); kills it if that takes too long.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString()])!.WaitForExit();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }
}
