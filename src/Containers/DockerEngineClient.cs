using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Labelit.Containers;

/// <summary>
/// The few Docker Engine REST API calls Labelit needs, over the engine's Unix socket. Docker.DotNet
/// is not on our feed; Docker and podman's Docker-compatible service both answer these calls.
/// </summary>
public sealed class DockerEngineClient : IDisposable
{
    private const string ApiVersion = "v1.41";
    private readonly HttpClient _http;

    public DockerEngineClient(string socketPath)
    {
        SocketPath = socketPath;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://docker/"), Timeout = TimeSpan.FromMinutes(10) };
    }

    public string SocketPath { get; }

    /// <summary>The engine socket from DOCKER_HOST (unix:// only) or the usual Docker and podman places.</summary>
    public static IEnumerable<string> CandidateSockets()
    {
        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (dockerHost is not null && dockerHost.StartsWith("unix://", StringComparison.Ordinal))
        {
            yield return dockerHost["unix://".Length..];
        }
        yield return "/var/run/docker.sock";
        var runtimeDir = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        if (runtimeDir is not null)
        {
            yield return Path.Combine(runtimeDir, "podman", "podman.sock");
        }
        yield return "/run/podman/podman.sock";
    }

    /// <summary>The first engine that answers /_ping within a short time, or null.</summary>
    public static async Task<DockerEngineClient?> FindAsync(CancellationToken cancellationToken)
    {
        foreach (var socket in CandidateSockets().Where(File.Exists))
        {
            var client = new DockerEngineClient(socket);
            if (await client.PingAsync(cancellationToken))
            {
                return client;
            }
            client.Dispose();
        }
        return null;
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            using var response = await _http.GetAsync("_ping", timeout.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or SocketException)
        {
            return false;
        }
    }

    /// <summary>Pulls an image unless the engine has it already.</summary>
    public async Task EnsureImageAsync(string image, CancellationToken cancellationToken)
    {
        using var inspect = await _http.GetAsync($"{ApiVersion}/images/{Uri.EscapeDataString(image)}/json", cancellationToken);
        if (inspect.IsSuccessStatusCode)
        {
            return;
        }
        using var pull = await _http.PostAsync($"{ApiVersion}/images/create?fromImage={Uri.EscapeDataString(image)}", null, cancellationToken);
        await EnsureSuccessAsync(pull, $"pull image {image}");
        await pull.Content.ReadAsStringAsync(cancellationToken); // the pull finishes when its progress stream ends
    }

    /// <summary>The container's inspect document, or null when there is no such container.</summary>
    public async Task<JsonNode?> InspectContainerAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"{ApiVersion}/containers/{Uri.EscapeDataString(name)}/json", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        await EnsureSuccessAsync(response, $"inspect container {name}");
        return await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken);
    }

    /// <summary>Containers (running or not) carrying a label, as their inspect summaries.</summary>
    public async Task<JsonArray> ListContainersAsync(string label, CancellationToken cancellationToken)
    {
        var filters = Uri.EscapeDataString(JsonSerializer.Serialize(new Dictionary<string, string[]> { ["label"] = [label] }));
        using var response = await _http.GetAsync($"{ApiVersion}/containers/json?all=true&filters={filters}", cancellationToken);
        await EnsureSuccessAsync(response, "list containers");
        return await response.Content.ReadFromJsonAsync<JsonArray>(cancellationToken) ?? [];
    }

    public async Task CreateContainerAsync(string name, JsonObject spec, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync($"{ApiVersion}/containers/create?name={Uri.EscapeDataString(name)}", spec, cancellationToken);
        await EnsureSuccessAsync(response, $"create container {name}");
    }

    public Task StartContainerAsync(string name, CancellationToken cancellationToken) =>
        PostAsync($"containers/{Uri.EscapeDataString(name)}/start", $"start container {name}", cancellationToken);

    public Task StopContainerAsync(string name, CancellationToken cancellationToken) =>
        PostAsync($"containers/{Uri.EscapeDataString(name)}/stop?t=10", $"stop container {name}", cancellationToken);

    public async Task RemoveContainerAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await _http.DeleteAsync($"{ApiVersion}/containers/{Uri.EscapeDataString(name)}?force=true", cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await EnsureSuccessAsync(response, $"remove container {name}");
        }
    }

    /// <summary>Deletes a named volume and its data (an instance's data is kept until an admin purges it).</summary>
    public async Task RemoveVolumeAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await _http.DeleteAsync($"{ApiVersion}/volumes/{Uri.EscapeDataString(name)}?force=true", cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await EnsureSuccessAsync(response, $"remove volume {name}");
        }
    }

    private async Task PostAsync(string path, string what, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync($"{ApiVersion}/{path}", null, cancellationToken);
        // 304: already in the wanted state, which is what the caller wants.
        if (response.StatusCode != HttpStatusCode.NotModified)
        {
            await EnsureSuccessAsync(response, what);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new InvalidOperationException($"The container engine could not {what}: {(int)response.StatusCode} {body.Trim()}");
        }
    }

    public void Dispose() => _http.Dispose();
}
