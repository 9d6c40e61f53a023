using Docker.DotNet;
using Docker.DotNet.Models;

namespace Labelit.Containers;

/// <summary>
/// Finds the Docker-compatible engine (Docker, or podman's API service), connects Docker.DotNet to it,
/// and the few calls Labelit makes in the shape it wants them (absent is not an error).
/// </summary>
public static class ContainerEngine
{
    // podman 4.3 (Debian 12) serves API 1.41; Docker serves it too. Newer calls are not needed.
    private static readonly System.Version ApiVersion = new(1, 41);

    public static DockerClient Connect(string socketPath) =>
        new DockerClientBuilder()
            .WithEndpoint(new Uri("unix://" + socketPath))
            .WithApiVersion(ApiVersion)
            .WithTimeout(TimeSpan.FromMinutes(10)) // an image pull can take that long
            .Build();

    /// <summary>The engine socket from DOCKER_HOST (unix:// only) or the usual Docker and podman places.</summary>
    public static IEnumerable<string> CandidateSockets()
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

    /// <summary>Pulls an image unless the engine has it already; a failed pull says why.</summary>
    public static async Task EnsureImageAsync(this DockerClient engine, string image, CancellationToken cancellationToken)
    {
        try
        {
            await engine.Images.InspectImageAsync(image, cancellationToken);
            return;
        }
        catch (DockerImageNotFoundException)
        {
        }
        // The engine reports a failed pull inside the progress stream, not as an HTTP error.
        var progress = new PullErrors();
        await engine.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = image }, null, progress, cancellationToken);
        if (progress.Error is { } error)
            throw new InvalidOperationException(
                $"The container engine has no image {image} and could not pull it: {error}. Pull or load it on this machine, or name a local image in the settings.");
    }

    private sealed class PullErrors : IProgress<JSONMessage>
    {
        public string? Error { get; private set; }

        public void Report(JSONMessage value) => Error ??= string.IsNullOrEmpty(value.Error?.Message) ? null : value.Error.Message;
    }

    /// <summary>The container's inspect document, or null when there is no such container.</summary>
    public static async Task<ContainerInspectResponse?> FindContainerAsync(this DockerClient engine, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await engine.Containers.InspectContainerAsync(name, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Stops the container, waiting up to 10 s before killing it; an absent one is already stopped.</summary>
    public static async Task StopContainerIfAnyAsync(this DockerClient engine, string name, CancellationToken cancellationToken)
    {
        try
        {
            await engine.Containers.StopContainerAsync(name, new ContainerStopParameters { WaitBeforeKillSeconds = 10 }, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
        }
    }

    /// <summary>Removes the container (forced); an absent one is already removed.</summary>
    public static async Task RemoveContainerIfAnyAsync(this DockerClient engine, string name, CancellationToken cancellationToken)
    {
        try
        {
            await engine.Containers.RemoveContainerAsync(name, new ContainerRemoveParameters { Force = true }, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
        }
    }
}
