using Labelit.Web.Projects;

namespace Labelit.Web.Pages.Projects;

/// <summary>The project form's fields as the browser posts them.</summary>
public sealed class ProjectForm
{
    public string? Name { get; set; }
    public string? Slug { get; set; }
    public string? Description { get; set; }
    public string? LabelConfig { get; set; }
    public string? Status { get; set; }
    public string? DatasetLocations { get; set; }
    public string? DatasetFilter { get; set; }
    public long? DatasetConnectionId { get; set; }
    public int DatasetSyncIntervalMinutes { get; set; }
    public List<string> ExportFormats { get; set; } = ["JSON"];
    public int ExportIntervalMinutes { get; set; }
    public string? ExportDestination { get; set; } = "local";
    public long? ExportConnectionId { get; set; }
    public bool ExportPerAnnotator { get; set; }
    public int Version { get; set; }

    public ProjectInput ToInput() => new()
    {
        Name = Name,
        Slug = Slug,
        Description = Description,
        LabelConfig = LabelConfig,
        Status = Status,
        DatasetLocations = (DatasetLocations ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        DatasetFilter = DatasetFilter,
        DatasetConnectionId = DatasetConnectionId,
        DatasetSyncIntervalMinutes = DatasetSyncIntervalMinutes,
        ExportFormats = ExportFormats,
        ExportIntervalMinutes = ExportIntervalMinutes,
        ExportDestination = ExportDestination,
        ExportConnectionId = ExportConnectionId,
        ExportPerAnnotator = ExportPerAnnotator,
        Version = Version,
    };

    public static ProjectForm From(Project project) => new()
    {
        Name = project.Name,
        Slug = project.Slug,
        Description = project.Description,
        LabelConfig = project.LabelConfig,
        Status = project.Status,
        DatasetLocations = string.Join('\n', project.Dataset.Locations),
        DatasetFilter = project.Dataset.Filter,
        DatasetConnectionId = project.Dataset.ConnectionId,
        DatasetSyncIntervalMinutes = project.Dataset.SyncIntervalMinutes,
        ExportFormats = project.ExportSettings.Formats.ToList(),
        ExportIntervalMinutes = project.ExportSettings.IntervalMinutes,
        ExportDestination = project.ExportSettings.Destination,
        ExportConnectionId = project.ExportSettings.ConnectionId,
        ExportPerAnnotator = project.ExportSettings.PerAnnotator,
        Version = project.Version,
    };
}
