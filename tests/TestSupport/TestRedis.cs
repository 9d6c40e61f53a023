using System.Diagnostics;
using System.Net.Sockets;
using Labelit.AppHost.Services;

namespace Labelit.TestSupport;

/// <summary>A throwaway redis-server on loopback (no password, append-only file on), one per test that asks.</summary>
public sealed class TestRedis : IAsyncDisposable
{
    private readonly Process _process;
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
        var program = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is missing: run scripts/install-test-deps.sh (apt-get install redis-server).");
        var directory = TestDirectories.Create("labelit-redis-");
        var port = FreePort.Next();
        var process = Process.Start(new ProcessStartInfo(program,
            ["--port", port.ToString(), "--bind", "127.0.0.1", "--dir", directory, "--appendonly", "yes", "--save", ""])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var redis = new TestRedis(process, directory, port);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return redis;
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
