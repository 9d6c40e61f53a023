namespace Labelit.Web.Projects;

/// <summary>What a manager submits to create or edit a project, from the UI or the API.</summary>
public sealed record ProjectInput
{
    public string? Name { get; init; }

    /// <summary>Derived from the name when left empty.</summary>
    public string? Slug { get; init; }

    public string? Description { get; init; }
    public string? LabelConfig { get; init; }
    public string? Status { get; init; }
    public IReadOnlyList<string>? DatasetLocations { get; init; }
    public string? DatasetFilter { get; init; }
    public long? DatasetConnectionId { get; init; }
    public int? DatasetSyncIntervalMinutes { get; init; }
    public IReadOnlyList<string>? ExportFormats { get; init; }
    public int? ExportIntervalMinutes { get; init; }
    public string? ExportDestination { get; init; }
    public long? ExportConnectionId { get; init; }

    /// <summary>On edits: true once the editor has read that the new label config strands existing tasks.</summary>
    public bool ConfirmStrandedTasks { get; init; }

    /// <summary>On edits: the version the editor started from, so a stale edit is refused.</summary>
    public int? Version { get; init; }

    public static ProjectInput From(Project project) => new()
    {
        Name = project.Name,
        Slug = project.Slug,
        Description = project.Description,
        LabelConfig = project.LabelConfig,
        Status = project.Status,
        DatasetLocations = project.Dataset.Locations,
        DatasetFilter = project.Dataset.Filter,
        DatasetConnectionId = project.Dataset.ConnectionId,
        DatasetSyncIntervalMinutes = project.Dataset.SyncIntervalMinutes,
        ExportFormats = project.ExportSettings.Formats,
        ExportIntervalMinutes = project.ExportSettings.IntervalMinutes,
        ExportDestination = project.ExportSettings.Destination,
        ExportConnectionId = project.ExportSettings.ConnectionId,
        Version = project.Version,
    };
}
