namespace Labelit.AppHost;

/// <summary>Section "AppHost": where state lives and where the services listen.</summary>
public sealed class AppHostOptions
{
    /// <summary>Database cluster, keys and instance data; default: .labelit under the repository.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Web's port (the one people open); a free port is chosen when unset.</summary>
    public int? WebPort { get; set; }

    public int? WorkerPort { get; set; }

    /// <summary>Web's listen address: loopback by default; 0.0.0.0 to serve the team's network.</summary>
    public string WebBindAddress { get; set; } = "127.0.0.1";

    public string ResolveDataDirectory() =>
        Path.GetFullPath(DataDirectory ?? Path.Combine(Services.ServiceProject.RepositoryRoot, ".labelit"));
}
