using System.ComponentModel.DataAnnotations;

namespace Labelit.Worker.Exports;

/// <summary>Configuration section "Exports": where local exports go and how runs are retried and kept.</summary>
public sealed class ExportOptions
{
    public const string Section = "Exports";

    /// <summary>Folder of local exports; default &lt;Labelit:DataDirectory&gt;/exports (Web serves downloads from the same place).</summary>
    public string? Directory { get; set; }

    /// <summary>Runs kept per project (with their files); older ones are deleted after each run.</summary>
    [Range(1, 1000)]
    public int KeepRuns { get; set; } = 10;

    /// <summary>Attempts per run before it is marked failed.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Wait before the second attempt; doubles for each later one.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a run waits for the project's Label Studio to start.</summary>
    public TimeSpan InstanceWait { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>How long LS may take to build its export snapshot.</summary>
    public TimeSpan SnapshotWait { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the Worker looks for due runs when no notification arrived (retries come due this way).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A running run whose Worker has not reported for this long is taken back (the Worker died).</summary>
    public TimeSpan AbandonedAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Runs one Worker executes at once (across projects).</summary>
    [Range(1, 16)]
    public int MaxConcurrentRuns { get; set; } = 2;

    public static string ResolveDirectory(string? configured, string? dataDirectory) =>
        Path.GetFullPath(configured ?? Path.Combine(dataDirectory ?? ".labelit", "exports"));
}
