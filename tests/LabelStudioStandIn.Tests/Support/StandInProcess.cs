using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Labelit.LabelStudioStandIn.Tests.Support;

/// <summary>
/// One stand-in running as a child process on a free loopback port, started the way Labelit's
/// process runtime starts Label Studio: `dotnet Labelit.LabelStudioStandIn.dll start --no-browser
/// --port N` with LS's environment variables. Dispose kills it and deletes its temp data dir.
/// </summary>
public sealed class StandInProcess : IAsyncDisposable
{
    // LS reads every setting as LABEL_STUDIO_<NAME> or plain <NAME>: an inherited USERNAME or HOST
    // would leak into the instance, so the child gets neither unless the test sets it.
    private static readonly string[] LsSettingNames =
    [
        "USERNAME", "PASSWORD", "USER_TOKEN", "ENABLE_LEGACY_API_TOKEN", "DISABLE_SIGNUP_WITHOUT_LINK",
        "HOST", "BASE_DATA_DIR", "CSRF_TRUSTED_ORIGINS", "SECRET_KEY", "PORT",
    ];

    private static readonly ConcurrentDictionary<int, Process> Running = new();

    static StandInProcess()
    {
        // A safety net: a crashed test run must not leave stand-ins behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in Running.Values)
                TryKill(process);
        };
    }

    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly bool _ownsDataDirectory;
    private Process _process;

    private StandInProcess(Process process, int port, string dataDirectory, IReadOnlyDictionary<string, string> environment, bool ownsDataDirectory)
    {
        _process = process;
        Port = port;
        DataDirectory = dataDirectory;
        _environment = environment;
        _ownsDataDirectory = ownsDataDirectory;
    }

    public int Port { get; }
    public string DataDirectory { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    public TimeSpan LastStartupTime { get; private set; }
    public bool HasExited => _process.HasExited;

    /// <summary>Starts a stand-in and waits until /health/ answers UP.</summary>
    public static async Task<StandInProcess> StartAsync(IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? readinessTimeout = null)
    {
        var instance = Launch(environment ?? new Dictionary<string, string>());
        try
        {
            await instance.WaitUntilReadyAsync(readinessTimeout ?? TimeSpan.FromSeconds(30));
            return instance;
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a stand-in without waiting for it (for readiness and start-failure tests).</summary>
    public static StandInProcess Launch(IReadOnlyDictionary<string, string> environment)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("ls-standin-").FullName;
        var port = FreePort();
        return new StandInProcess(StartProcess(port, dataDirectory, environment), port, dataDirectory, environment, ownsDataDirectory: true);
    }

    public HttpClient CreateClient(CookieContainer? cookies = null) =>
        new(new HttpClientHandler
        {
            AllowAutoRedirect = false,
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
        })
        { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException(
                    $"The stand-in exited with code {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()}");
            try
            {
                var body = await client.GetStringAsync(new Uri(BaseAddress, "/health/"));
                if (body.Contains("\"UP\"", StringComparison.Ordinal))
                {
                    LastStartupTime = DateTime.Now - _process.StartTime;
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet: LS also refuses connections while it migrates.
            }
            catch (TaskCanceledException)
            {
                // Listening but slow to answer (a loaded machine): ask again.
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"The stand-in on port {Port} was not UP after {timeout}.");
    }

    /// <summary>Kills the process abruptly (no clean shutdown), like a crash or `kill -9`.</summary>
    public void Kill()
    {
        TryKill(_process);
        Running.TryRemove(_process.Id, out _);
    }

    /// <summary>Kills the process and starts a new one on the same port, data dir and environment.</summary>
    public async Task RestartAsync()
    {
        Kill();
        _process = StartProcess(Port, DataDirectory, _environment);
        await WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public Task<string> ReadStandardErrorAsync() => _process.StandardError.ReadToEndAsync();

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        if (_ownsDataDirectory)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp directory left behind does no harm.
            }
        }
        return ValueTask.CompletedTask;
    }

    private static Process StartProcess(int port, string dataDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { StandInExecutable.Locate(), "start", "--no-browser", "--port", port.ToString() })
            start.ArgumentList.Add(arg);
        foreach (var name in LsSettingNames)
        {
            start.Environment.Remove(name);
            start.Environment.Remove("LABEL_STUDIO_" + name);
        }
        start.Environment["LABEL_STUDIO_BASE_DATA_DIR"] = dataDirectory;
        foreach (var (name, value) in environment)
            start.Environment[name] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        Running[process.Id] = process;
        process.OutputDataReceived += (_, _) => { }; // drain stdout so the child never blocks on a full pipe
        process.BeginOutputReadLine();
        return process;
    }

    private static void TryKill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
