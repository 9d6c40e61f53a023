using Labelit.Plugins;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Labelit.TestSupport.S3;

/// <summary>A server the tests started; killed (with its children) on dispose. Keeps its output for failure messages.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ServerProcess(Process process) => this.process = process;

    public event Action<string>? LineWritten;

    public static ServerProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var server = new ServerProcess(new Process { StartInfo = info, EnableRaisingEvents = true });
        server.process.OutputDataReceived += (_, e) => server.Record(e.Data);
        server.process.ErrorDataReceived += (_, e) => server.Record(e.Data);
        server.process.Start();
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        return server;
    }

    public bool HasExited => process.HasExited;

    public string Output
    {
        get { lock (output) { return output.ToString(); } }
    }

    public void Dispose()
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

        process.Dispose();
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task WaitForPortAsync(int port, ServerProcess server, string name, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !server.HasExited)
            {
                await Task.Delay(50);
            }
            catch (SocketException)
            {
                throw new InvalidOperationException($"{name} did not listen on 127.0.0.1:{port}. Its output:\n{server.Output}");
            }
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length < 64_000)
            {
                output.AppendLine(line);
            }
        }

        LineWritten?.Invoke(line);
    }
}
