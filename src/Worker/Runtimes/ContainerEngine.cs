using Docker.DotNet;

namespace Labelit.Worker.Runtimes;

/// <summary>Finds the Docker-compatible engine (Docker, or podman's API service) and connects Docker.DotNet to it.</summary>
internal static class ContainerEngine
{
    // podman 4.3 (Debian 12) serves API 1.41; Docker serves it too. Newer calls are not needed.
    private static readonly Version ApiVersion = new(1, 41);

    public static DockerClient Connect(string socketPath) =>
        new DockerClientBuilder()
            .WithEndpoint(new Uri("unix://" + socketPath))
            .WithApiVersion(ApiVersion)
            .WithTimeout(TimeSpan.FromMinutes(10)) // an image pull can take that long
            .Build();

    /// <summary>The first engine that answers a ping within a few seconds, or null.</summary>
    public static async Task<DockerClient?> FindAsync(CancellationToken cancellationToken)
    {
        foreach (var socket in CandidateSockets().Where(File.Exists))
        {
            var client = Connect(socket);
            if (await AnswersAsync(client, cancellationToken))
                return client;
            client.Dispose();
        }
        return null;
    }

    public static async Task<bool> AnswersAsync(DockerClient client, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await client.System.PingAsync(timeout.Token);
            return true;
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or System.Net.Sockets.SocketException or DockerApiException or IOException)
        {
            return false;
        }
    }

    /// <summary>The engine socket from DOCKER_HOST (unix:// only) or the usual Docker and podman places.</summary>
    private static IEnumerable<string> CandidateSockets()
    {
        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (dockerHost is not null && dockerHost.StartsWith("unix://", StringComparison.Ordinal))
            yield return dockerHost["unix://".Length..];
        yield return "/var/run/docker.sock";
        var runtimeDir = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        if (runtimeDir is not null)
            yield return Path.Combine(runtimeDir, "podman", "podman.sock");
        yield return "/run/podman/podman.sock";
    }
}
