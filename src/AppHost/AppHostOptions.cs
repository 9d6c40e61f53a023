namespace Labelit.AppHost;

/// <summary>Section "AppHost": where state lives, how PostgreSQL and Redis run, where Web listens.</summary>
public sealed class AppHostOptions
{
    /// <summary>Database cluster, Redis data, keys and instance data; default: .labelit under the repository.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>"Auto" (containers when Docker or Podman answers, else this machine's servers), "Container" or "Local".</summary>
    public string Servers { get; set; } = "Auto";

    /// <summary>Web's port (the one people open); a free port is chosen when unset.</summary>
    public int? WebPort { get; set; }

    /// <summary>Web's listen address: loopback by default; 0.0.0.0 to serve the team's network.</summary>
    public string WebBindAddress { get; set; } = "127.0.0.1";

    /// <summary>Folder with initdb and postgres (Local mode); found automatically when unset.</summary>
    public string? PostgresBinDirectory { get; set; }

    /// <summary>PostgreSQL refuses to run as root: the unprivileged account that owns the local cluster then.</summary>
    public string PostgresRunAsUser { get; set; } = "postgres";

    public string ResolveDataDirectory() =>
        Path.GetFullPath(DataDirectory ?? Path.Combine(RepositoryRoot, ".labelit"));

    public static string RepositoryRoot { get; } = typeof(AppHostOptions).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
}
