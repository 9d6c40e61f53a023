using System.ComponentModel.DataAnnotations;

namespace Labelit.Worker.Backups;

/// <summary>Configuration section "Backups": where backups go and how many are kept.</summary>
public sealed class BackupOptions
{
    public const string Section = "Backups";

    /// <summary>The backup root; default &lt;Labelit:DataDirectory&gt;/backups.</summary>
    public string? Directory { get; set; }

    /// <summary>How many complete backups stay; older ones are deleted after a successful run.</summary>
    [Range(1, 10_000)]
    public int Keep { get; set; } = 14;

    /// <summary>Hours between scheduled backups (the scheduler reads it; the runner does not).</summary>
    [Range(1, 24 * 365)]
    public int IntervalHours { get; set; } = 12;

    /// <summary>pg_dump to use; default: the newest found under /usr/lib/postgresql/*/bin, /usr/pgsql-*/bin or PATH.
    /// pg_restore is looked for next to it.</summary>
    public string? PgDumpPath { get; set; }

    /// <summary>How long a backup waits for a project's stopped Label Studio to start before recording it as failed.</summary>
    public TimeSpan InstanceWaitTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public string ResolveDirectory(string? labelitDataDirectory) =>
        Path.GetFullPath(Directory ?? Path.Combine(labelitDataDirectory ?? ".labelit", "backups"));
}
