using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Labelit.ProxyBenchmark;

/// <summary>A throwaway nginx on 127.0.0.1 with a plain proxy_pass to the backend: the baseline.</summary>
public sealed class Nginx : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private Nginx(Process process, string directory, string url)
    {
        _process = process;
        _directory = directory;
        Url = url;
    }

    public string Url { get; }

    public int ProcessId => _process.Id;

    public static async Task<Nginx> StartAsync(string backend)
    {
        var directory = Directory.CreateTempSubdirectory("labelit-nginx-").FullName;
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        await File.WriteAllTextAsync(Path.Combine(directory, "nginx.conf"), $$"""
            daemon off;
            worker_processes auto;
            error_log {{directory}}/error.log warn;
            pid {{directory}}/nginx.pid;
            events { worker_connections 1024; }
            http {
              access_log off;
              client_body_temp_path {{directory}}/body;
              proxy_temp_path {{directory}}/proxy;
              server {
                listen 127.0.0.1:{{port}};
                location / { proxy_pass {{backend}}; }
              }
            }
            """);
        var process = Process.Start(new ProcessStartInfo("nginx", ["-p", directory, "-c", Path.Combine(directory, "nginx.conf")])
        {
            RedirectStandardError = true,
        })!;
        var nginx = new Nginx(process, directory, $"http://127.0.0.1:{port}");
        using var http = new HttpClient();
        for (var attempt = 0; attempt < 50; attempt++)
        {
            try
            {
                await http.GetAsync(nginx.Url);
                return nginx;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException("nginx did not start: " + await process.StandardError.ReadToEndAsync());
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }
}
