namespace Labelit.AppHost.Postgres;

/// <summary>How the AppHost provisions PostgreSQL (section "Postgres").</summary>
public sealed class PostgresOptions
{
    /// <summary>Where the cluster lives; default: .labelit/postgres under the repository.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Fixed port; a free loopback port is chosen when unset.</summary>
    public int? Port { get; set; }

    /// <summary>Folder holding initdb, pg_ctl and postgres; found automatically when unset.</summary>
    public string? BinDirectory { get; set; }

    /// <summary>initdb refuses to run as root: the unprivileged account that owns the cluster then.</summary>
    public string RunAsUser { get; set; } = "postgres";

    /// <summary>The database the services use.</summary>
    public string Database { get; set; } = "labelit";

    /// <summary>"Auto" (container engine if reachable, else local binaries), "Container" or "Local".</summary>
    public string Mode { get; set; } = "Auto";

    /// <summary>Container image when a Docker-compatible engine is used.</summary>
    public string Image { get; set; } = "docker.io/library/postgres:17";

    /// <summary>Throwaway cluster for tests: durability off, deleted on stop. Never for real data.</summary>
    public bool Ephemeral { get; set; }
}
