using System.Text.Json.Nodes;
using Labelit.Containers;
using Labelit.Worker.Instances;
using Microsoft.Extensions.Options;

namespace Labelit.Worker.Runtimes;

/// <summary>
/// Runs each instance as a container through the Docker Engine API (Docker, or podman's
/// compatible service): the pinned LS image, a stable name per instance, labels that mark it as
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
    private DockerEngineClient? _engine;

    public string Name => "Container";

    public static string ContainerName(Guid instanceKey) => $"labelit-ls-{instanceKey:N}";

    public static string VolumeName(Guid instanceKey) => $"labelit-ls-{instanceKey:N}-data";

    public async Task<string> StartAsync(InstanceLaunch launch, CancellationToken cancellationToken)
    {
        var engine = await EngineAsync(cancellationToken);
        var settings = options.Value.Container;
        await engine.EnsureImageAsync(settings.Image, cancellationToken);
        var name = ContainerName(launch.InstanceKey);
        await engine.RemoveContainerAsync(name, cancellationToken); // a stopped leftover would block the name

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

        var hostConfig = new JsonObject
        {
            ["Binds"] = new JsonArray([JsonValue.Create($"{VolumeName(launch.InstanceKey)}:{DataPath}"),
                .. settings.Binds.Select(b => (JsonNode?)JsonValue.Create(b))]),
            ["RestartPolicy"] = new JsonObject { ["Name"] = "no" }, // the Worker restarts it, with backoff and a record of why
        };
        var spec = new JsonObject
        {
            ["Image"] = settings.Image,
            ["Cmd"] = new JsonArray(command.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
            ["Env"] = new JsonArray(environment.Select(e => (JsonNode?)JsonValue.Create($"{e.Key}={e.Value}")).ToArray()),
            ["Labels"] = new JsonObject
            {
                [KeyLabel] = launch.InstanceKey.ToString(),
                [ProjectLabel] = launch.ProjectId.ToString(),
            },
            ["HostConfig"] = hostConfig,
        };
        if (settings.HostNetwork)
        {
            hostConfig["NetworkMode"] = "host";
        }
        else
        {
            spec["ExposedPorts"] = new JsonObject { [$"{ContainerPort}/tcp"] = new JsonObject() };
            hostConfig["PortBindings"] = new JsonObject
            {
                [$"{ContainerPort}/tcp"] = new JsonArray(new JsonObject { ["HostIp"] = "127.0.0.1", ["HostPort"] = launch.Port.ToString() }),
            };
        }
        await engine.CreateContainerAsync(name, spec, cancellationToken);
        await engine.StartContainerAsync(name, cancellationToken);
        logger.LogInformation("Started LS container {Container} for project {ProjectId} on port {Port}", name, launch.ProjectId, launch.Port);
        return name;
    }

    public async Task<RuntimeStatus> InspectAsync(Guid instanceKey, string handle, CancellationToken cancellationToken)
    {
        var engine = await EngineAsync(cancellationToken);
        var container = await engine.InspectContainerAsync(handle, cancellationToken);
        if (container is null)
            return RuntimeStatus.Gone($"The container {handle} no longer exists.");
        var state = container["State"];
        if (state?["Running"]?.GetValue<bool>() == true)
            return RuntimeStatus.Running;
        var error = state?["Error"]?.GetValue<string>();
        return RuntimeStatus.Gone($"The container {handle} stopped with exit code {state?["ExitCode"]}{(string.IsNullOrEmpty(error) ? "" : ": " + error)}.");
    }

    public async Task StopAsync(Guid instanceKey, string handle, CancellationToken cancellationToken)
    {
        var engine = await EngineAsync(cancellationToken);
        if (await engine.InspectContainerAsync(handle, cancellationToken) is null)
            return;
        await engine.StopContainerAsync(handle, cancellationToken);
        await engine.RemoveContainerAsync(handle, cancellationToken);
    }

    public async Task<IReadOnlyList<RuntimeInstance>> ListAsync(CancellationToken cancellationToken)
    {
        var engine = await EngineAsync(cancellationToken);
        var found = new List<RuntimeInstance>();
        foreach (var container in await engine.ListContainersAsync(KeyLabel, cancellationToken))
        {
            var key = container?["Labels"]?[KeyLabel]?.GetValue<string>();
            var name = container?["Names"]?.AsArray().FirstOrDefault()?.GetValue<string>().TrimStart('/');
            if (Guid.TryParse(key, out var instanceKey) && name is not null)
                found.Add(new RuntimeInstance(instanceKey, name, container?["State"]?.GetValue<string>() == "running"));
        }
        return found;
    }

    private async Task<DockerEngineClient> EngineAsync(CancellationToken cancellationToken)
    {
        if (_engine is not null)
            return _engine;
        await _connectGate.WaitAsync(cancellationToken);
        try
        {
            var socket = options.Value.Container.Socket;
            _engine ??= socket is { Length: > 0 }
                ? new DockerEngineClient(socket.StartsWith("unix://", StringComparison.Ordinal) ? socket["unix://".Length..] : socket)
                : await DockerEngineClient.FindAsync(cancellationToken)
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
