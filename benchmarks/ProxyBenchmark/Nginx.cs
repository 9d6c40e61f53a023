using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Labelit.ProxyBenchmark;

/// <summary>
/// A throwaway nginx on 127.0.0.1 with two baselines: a plain proxy_pass to the backend (HTTP/1.0,
/// a new connection per request), and the configuration an operator would use (an upstream with
/// keepalive connections, HTTP/1.1, the Connection header cleared).
/// </summary>
public sealed class Nginx : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private Nginx(Process process, string directory, string url, string keepAliveUrl)
    {
        _process = process;
        _directory = directory;
        Url = url;
        KeepAliveUrl = keepAliveUrl;
    }

    /// <summary>Plain proxy_pass.</summary>
    public string Url { get; }

    /// <summary>Upstream keepalive.</summary>
    public string KeepAliveUrl { get; }

    public int ProcessId => _process.Id;

    public static async Task<Nginx> StartAsync(string backend)
    {
        var directory = Directory.CreateTempSubdirectory("labelit-nginx-").FullName;
        var port = FreePort();
        var keepAlivePort = FreePort();
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
              upstream labelstudio {
                server {{new Uri(backend).Authority}};
                keepalive 64;
              }
              server {
                listen 127.0.0.1:{{keepAlivePort}};
                location / {
                  proxy_pass http://labelstudio;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                }
              }
            }
            """);
        var process = Process.Start(new ProcessStartInfo("nginx", ["-p", directory, "-c", Path.Combine(directory, "nginx.conf")])
        {
            RedirectStandardError = true,
        })!;
        var nginx = new Nginx(process, directory, $"http://127.0.0.1:{port}", $"http://127.0.0.1:{keepAlivePort}");
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

    internal static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
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
