using System.Diagnostics;
using System.Net.Sockets;
using Labelit.AppHost.Services;

namespace Labelit.TestSupport;

/// <summary>A throwaway redis-server on loopback (no password, append-only file on), one per test that asks.</summary>
public sealed class TestRedis : IAsyncDisposable
{
    private Process _process;
    private readonly string _directory;

    private TestRedis(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>As the AppHost passes it: ConnectionStrings__redis.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<TestRedis> StartAsync()
    {
        var directory = TestDirectories.Create("labelit-redis-");
        var port = FreePort.Next();
        var process = Launch(directory, port);
        await WaitForPortAsync(process, port);
        return new TestRedis(process, directory, port);
    }

    /// <summary>What a Redis crash does: the server is gone until <see cref="StartEmptyAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>A new, empty Redis on the same address (a replaced server, or one whose data was lost).</summary>
    public async Task StartEmptyAsync()
    {
        await StopAsync();
        _process.Dispose();
        foreach (var entry in Directory.EnumerateFileSystemEntries(_directory))
        {
            if (Directory.Exists(entry))
                Directory.Delete(entry, recursive: true);
            else
                File.Delete(entry);
        }
        _process = Launch(_directory, Port);
        await WaitForPortAsync(_process, Port);
    }

    private static Process Launch(string directory, int port)
    {
        var program = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is missing: run scripts/install-test-deps.sh (apt-get install redis-server).");
        var process = Process.Start(new ProcessStartInfo(program,
            ["--port", port.ToString(), "--bind", "127.0.0.1", "--dir", directory, "--appendonly", "yes", "--save", ""])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }

    private static async Task WaitForPortAsync(Process process, int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Stops the server (a test may stop it early to see Labelit without Redis); calling it again does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!Directory.Exists(_directory))
            return;
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
