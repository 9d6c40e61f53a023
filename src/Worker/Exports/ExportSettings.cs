using System.Text.Json;

namespace Labelit.Worker.Exports;

/// <summary>A project's projects.export_settings as the Web's project form saves it (camelCase JSON).</summary>
public sealed record ExportSettings
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IReadOnlyList<string> Formats { get; init; } = ["JSON"];
    public int IntervalMinutes { get; init; }
    public string Destination { get; init; } = LocalDestination;
    public long? ConnectionId { get; init; }

    /// <summary>Besides the whole project's files, one file per annotator and format with only that person's annotations.</summary>
    public bool PerAnnotator { get; init; }

    public const string LocalDestination = "local";

    public bool IsLocal => string.IsNullOrWhiteSpace(Destination) || string.Equals(Destination.Trim(), LocalDestination, StringComparison.OrdinalIgnoreCase);

    public static ExportSettings Parse(string json) => JsonSerializer.Deserialize<ExportSettings>(json, Json) ?? new ExportSettings();
}
