using Docker.DotNet;
using Docker.DotNet.Models;
using Labelit.Worker.Instances;
using Microsoft.Extensions.Options;

namespace Labelit.Worker.Runtimes;

/// <summary>
/// Runs each instance as a container through the Docker Engine API with Docker.DotNet (Docker, or
/// podman's compatible service): the pinned LS image, a stable name per instance, labels that mark it as
/// Labelit's, a named volume at /label-studio/data, reachable on 127.0.0.1 only. The handle is
/// the container name. Stopping removes the container and keeps the volume.
/// </summary>
public sealed class ContainerRuntime(IOptions<InstanceOptions> options, ILogger<ContainerRuntime> logger) : IInstanceRuntime, IDisposable
{
    public const string KeyLabel = "io.labelit.instance";
    public const string ProjectLabel = "io.labelit.project";
    public const string DataPath = "/label-studio/data";
    private const int ContainerPort = 8080;

    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private DockerClient? _engine;

    public string Name => "Container";

    public static string ContainerName(Guid instanceKey) => $"labelit-ls-{instanceKey:N}";

    public static string VolumeName(Guid instanceKey) => $"labelit-ls-{instanceKey:N}-data";

    public async Task<string> StartAsync(InstanceLaunch launch, CancellationToken cancellationToken)
    {
        var engine = await EngineAsync(cancellationToken);
        var settings = options.Value.Container;
        await engine.EnsureImageAsync(settings.Image, cancellationToken);
        var name = ContainerName(launch.InstanceKey);
        await engine.RemoveContainerIfAnyAsync(name, cancellationToken); // a stopped leftover would block the name

        var listenPort = settings.HostNetwork ? launch.Port : ContainerPort;
        var command = CommandLine.Expand(settings.Command, new Dictionary<string, string>
        {
            ["port"] = listenPort.ToString(),
            // With host networking LS itself must bind loopback only; in a bridge network it binds
            // every interface of the container and only the published port reaches the host.
            ["host"] = settings.HostNetwork ? "127.0.0.1" : "0.0.0.0",
            ["dataDir"] = DataPath,
        });
        var environment = launch.Environment.ToDictionary();
        environment["LABEL_STUDIO_BASE_DATA_DIR"] = DataPath;

        var exposedPort = $"{ContainerPort}/tcp";
        var hostConfig = new HostConfig
        {
            Binds = [$"{VolumeName(launch.InstanceKey)}:{DataPath}", .. settings.Binds],
            RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.No }, // the Worker restarts it, with backoff and a record of why
        };
        var container = new CreateContainerParameters
        {
            Name = name,
            Image = settings.Image,
            Cmd = command.ToList(),
            Env = environment.Select(e => $"{e.Key}={e.Value}").ToList(),
            Labels = new Dictionary<string, string>
            {
                [KeyLabel] = launch.InstanceKey.ToString(),
                [ProjectLabel] = launch.ProjectId.ToString(),
            },
            HostConfig = hostConfig,
        };
        if (settings.HostNetwork)
        {
            hostConfig.NetworkMode = "host";
        }
        else
        {
            container.ExposedPorts = new Dictionary<string, EmptyStruct> { [exposedPort] = default };
            hostConfig.PortBindings = new Dictionary<string, IList<PortBinding>>
            {
                [exposedPort] = [new PortBinding { HostIP = "127.0.0.1", HostPort = launch.Port.ToString() }],
            };
        }
        await engine.Containers.CreateContainerAsync(container, cancellationToken);
        await engine.Containers.StartContainerAsync(name, new ContainerStartParameters(), cancellationToken);
        logger.LogInformation("Started LS container {Container} for project {ProjectId} on port {Port}", name, launch.ProjectId, launch.Port);
        return name;
    }

    public async Task<RuntimeStatus> InspectAsync(Guid instanceKey, string handle, CancellationToken cancellationToken)
    {
        var engine = await EngineAsync(cancellationToken);
        var container = await engine.FindContainerAsync(handle, cancellationToken);
        if (container is null)
            return RuntimeStatus.Gone($"The container {handle} no longer exists.");
        var state = container.State;
        if (state?.Running == true)
            return RuntimeStatus.Running;
        var error = state?.Error;
        return RuntimeStatus.Gone($"The container {handle} stopped with exit code {state?.ExitCode}{(string.IsNullOrEmpty(error) ? "" : ": " + error)}.");
    }

    public async Task StopAsync(Guid instanceKey, string handle, CancellationToken cancellationToken)
    {
        var engine = await EngineAsync(cancellationToken);
        await engine.StopContainerIfAnyAsync(handle, cancellationToken);
        await engine.RemoveContainerIfAnyAsync(handle, cancellationToken);
    }

    public async Task<IReadOnlyList<RuntimeInstance>> ListAsync(CancellationToken cancellationToken)
    {
        var engine = await EngineAsync(cancellationToken);
        var containers = await engine.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [KeyLabel] = true } },
        }, cancellationToken);
        var found = new List<RuntimeInstance>();
        foreach (var container in containers)
        {
            var name = container.Names?.FirstOrDefault()?.TrimStart('/');
            if (container.Labels?.TryGetValue(KeyLabel, out var key) == true && Guid.TryParse(key, out var instanceKey) && name is not null)
                found.Add(new RuntimeInstance(instanceKey, name, container.State == "running"));
        }
        return found;
    }

    private async Task<DockerClient> EngineAsync(CancellationToken cancellationToken)
    {
        if (_engine is not null)
            return _engine;
        await _connectGate.WaitAsync(cancellationToken);
        try
        {
            var socket = options.Value.Container.Socket;
            _engine ??= socket is { Length: > 0 }
                ? ContainerEngine.Connect(socket.StartsWith("unix://", StringComparison.Ordinal) ? socket["unix://".Length..] : socket)
                : await ContainerEngine.FindAsync(cancellationToken)
                  ?? throw new InvalidOperationException(
                      "No container engine answers (tried DOCKER_HOST, /var/run/docker.sock and podman's sockets): set Instances:Container:Socket or use Instances:Runtime=Process.");
            return _engine;
        }
        finally
        {
            _connectGate.Release();
        }
    }

    public void Dispose() => _engine?.Dispose();
}
