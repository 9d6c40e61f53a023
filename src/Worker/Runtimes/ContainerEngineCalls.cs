using Docker.DotNet;
using Docker.DotNet.Models;

namespace Labelit.Worker.Runtimes;

/// <summary>
/// The engine calls the container runtime makes, in the shape it wants them: a container that is
/// already absent is not an error, and a failed image pull says why.
/// </summary>
internal static class ContainerEngineCalls
{
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

    private sealed class PullErrors : IProgress<JSONMessage>
    {
        public string? Error { get; private set; }

        public void Report(JSONMessage value) => Error ??= string.IsNullOrEmpty(value.Error?.Message) ? null : value.Error.Message;
    }
}
