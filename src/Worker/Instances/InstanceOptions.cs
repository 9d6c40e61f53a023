using System.ComponentModel.DataAnnotations;

namespace Labelit.Worker.Instances;

/// <summary>Configuration section "Instances": how the Worker runs one LS server per project.</summary>
public sealed class InstanceOptions
{
    public const string Section = "Instances";

    /// <summary>Process (a local `label-studio` command) or Container (Docker Engine API).</summary>
    [RegularExpression("^(Process|Container)$", ErrorMessage = "Instances:Runtime must be Process or Container.")]
    public string Runtime { get; set; } = "Process";

    /// <summary>
    /// Names this Worker in leases. Two Workers on one machine need different ids; the default
    /// is the machine name.
    /// </summary>
    public string WorkerId { get; set; } = System.Environment.MachineName;

    /// <summary>Where instance data folders live; default &lt;Labelit:DataDirectory&gt;/instances.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>
    /// Process runtime: the command; {port} and {dataDir} are replaced. LS listens on 0.0.0.0
    /// unless told otherwise, hence --internal-host: instances must be reachable only through the proxy.
    /// </summary>
    public string Command { get; set; } = "label-studio start --no-browser --internal-host 127.0.0.1 --port {port}";

    /// <summary>Extra environment for every instance (e.g. DJANGO_DB settings).</summary>
    public Dictionary<string, string> Environment { get; set; } = [];

    public ContainerOptions Container { get; set; } = new();

    /// <summary>An instance unused this long is stopped; it starts again on the next request. Zero: never.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the Worker checks every instance even when nothing was notified.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a Worker's claim on an instance lasts without renewal.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a starting instance may take to answer GET /health/ (LS migrations take a while).</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// A running instance is probed with GET /health/ on every pass; after this many failed probes
    /// in a row (a hung server) it is restarted.
    /// </summary>
    [Range(1, 100)]
    public int UnhealthyThreshold { get; set; } = 3;

    public TimeSpan HealthProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Backoff after a crash or failed start: doubles from the first value up to the maximum.</summary>
    public TimeSpan RestartBackoff { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxRestartBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Stop this Worker's instances when it shuts down (so stopping Labelit leaves no LS server
    /// behind). A crashed or killed Worker cannot: its successor adopts them instead.
    /// </summary>
    public bool StopInstancesOnShutdown { get; set; } = true;

    [Range(1, 64)]
    public int MaxConcurrentStarts { get; set; } = 4;

    /// <summary>Ports handed to instances (loopback only).</summary>
    [Range(1024, 65535)]
    public int PortRangeStart { get; set; } = 41000;
    [Range(1024, 65535)]
    public int PortRangeEnd { get; set; } = 41999;
}

public sealed class ContainerOptions
{
    /// <summary>Engine socket; default DOCKER_HOST or the usual Docker and podman places.</summary>
    public string? Socket { get; set; }

    /// <summary>Pinned LS image.</summary>
    public string Image { get; set; } = "heartexlabs/label-studio:1.20.0";

    /// <summary>
    /// Host networking (LS listens on 127.0.0.1:port itself; what podman without a network
    /// backend supports) instead of a bridge network with the port published on 127.0.0.1 only.
    /// </summary>
    public bool HostNetwork { get; set; }

    /// <summary>Command run in the container; {port} is the port LS listens on inside it.</summary>
    public string Command { get; set; } = "label-studio start --no-browser --internal-host {host} --port {port}";

    /// <summary>Extra bind mounts, "host:container[:ro]" (tests mount the .NET runtime this way).</summary>
    public List<string> Binds { get; set; } = [];
}
