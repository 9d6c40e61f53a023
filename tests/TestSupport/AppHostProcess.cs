using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Labelit.AppHost.Services;

namespace Labelit.TestSupport;

/// <summary>The AppHost run as a user runs it: its own process, read through its console output.</summary>
public sealed class AppHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private AppHostProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public string Output => string.Join('\n', _lines);

    public static AppHostProcess Start(string dataDirectory, params string[] args) => Start(dataDirectory, new Dictionary<string, string>(), args);

    public static AppHostProcess Start(string dataDirectory, Dictionary<string, string> environment, params string[] args)
    {
        // Through env, which gives Ctrl+C (SIGINT) back its default action: a test run started in the
        // background of a non-interactive shell (as CI may do) inherits SIGINT ignored, and .NET keeps an
        // ignored signal ignored, so StopAsync's SIGINT would never reach the AppHost.
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(RepositoryPaths.Assembly("src/AppHost", "Labelit.AppHost"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["AppHost__DataDirectory"] = dataDirectory;
        start.Environment["AppHost__Servers"] = "Local";
        // What the AppHost's launch profile sets under `dotnet run`: the dashboard's addresses (free
        // ports here, so that several runs may overlap) over plain HTTP on loopback.
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Next()}";
        start.Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort.Next()}";
        start.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var host = new AppHostProcess(process);
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) host._lines.Enqueue(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) host._lines.Enqueue(line.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    public async Task WriteLineAsync(string text)
    {
        await _process.StandardInput.WriteLineAsync(text);
        _process.StandardInput.Close();
    }

    /// <summary>The first capture group of the first output line matching <paramref name="pattern"/>.</summary>
    public async Task<string> WaitForAsync(string pattern, TimeSpan limit)
    {
        var regex = new Regex(pattern);
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            var match = _lines.Select(line => regex.Match(line)).FirstOrDefault(m => m.Success);
            if (match is not null)
            {
                return match.Groups.Count > 1 ? match.Groups[1].Value : match.Value;
            }
            if (_process.HasExited)
            {
                break;
            }
            await Task.Delay(100);
        }
        // The last lines say why (a resource that never became healthy, an exit); CI keeps only so much.
        var tail = string.Join('\n', _lines.TakeLast(40));
        var state = _process.HasExited ? $"exited with code {_process.ExitCode}" : $"still running after {limit.TotalSeconds:0} s";
        throw new TimeoutException($"The AppHost never printed /{pattern}/ ({state}). The last of its {_lines.Count} output lines:\n{tail}");
    }

    /// <summary>What Ctrl+C does: SIGINT, then wait for it to finish.</summary>
    public async Task<int> StopAsync(TimeSpan limit)
    {
        Process.Start("kill", ["-INT", _process.Id.ToString()])!.WaitForExit();
        return await WaitForExitAsync(limit);
    }

    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>Stops the AppHost the way a user does (Aspire then stops what it started); kills it only if that fails.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await StopAsync(TimeSpan.FromSeconds(30));
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
