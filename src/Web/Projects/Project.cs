namespace Labelit.Web.Projects;

public static class ProjectStatus
{
    public const string Active = "Active";
    public const string Paused = "Paused";
    public const string Completed = "Completed";
    public const string Archived = "Archived";

    public static readonly IReadOnlyList<string> All = [Active, Paused, Completed, Archived];

    public static string? Parse(string? value) =>
        All.FirstOrDefault(status => string.Equals(status, value?.Trim(), StringComparison.OrdinalIgnoreCase));
}

public sealed record Project
{
    public long Id { get; init; }
    public required string Name { get; init; }
    public required string Slug { get; init; }
    public string Description { get; init; } = "";
    public required string LabelConfig { get; init; }
    public long ManagerId { get; init; }
    public string ManagerName { get; init; } = "";
    public string ManagerEmail { get; init; } = "";
    public string Status { get; init; } = ProjectStatus.Active;
    public ProjectDataset Dataset { get; init; } = new();
    public ProjectExportSettings ExportSettings { get; init; } = new();
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public int Version { get; init; }
}

/// <summary>Where the project's tasks come from; imported by the storage feature.</summary>
public sealed record ProjectDataset
{
    /// <summary>Storage locations such as s3://bucket/images/ or gs://bucket/prefix/.</summary>
    public IReadOnlyList<string> Locations { get; init; } = [];

    /// <summary>Optional glob applied to object names, e.g. *.jpg.</summary>
    public string? Filter { get; init; }

    /// <summary>The storage connection that reads <see cref="Locations"/>; required when there are locations.</summary>
    public long? ConnectionId { get; init; }

    /// <summary>Minutes between automatic re-syncs; 0 syncs only on demand.</summary>
    public int SyncIntervalMinutes { get; init; }
}

/// <summary>What the scheduled export produces; run by the export feature.</summary>
public sealed record ProjectExportSettings
{
    public IReadOnlyList<string> Formats { get; init; } = ["JSON"];

    /// <summary>Minutes between exports; 0 turns scheduled exports off.</summary>
    public int IntervalMinutes { get; init; }

    /// <summary>"local" for the export folder, or a storage location such as s3://bucket/exports/.</summary>
    public string Destination { get; init; } = "local";

    /// <summary>The storage connection that writes to <see cref="Destination"/> when it is not "local".</summary>
    public long? ConnectionId { get; init; }

    /// <summary>Also one file per annotator and format, with only that person's annotations.</summary>
    public bool PerAnnotator { get; init; }
}
