using System.Text.Json;

namespace Labelit.Worker.Datasets;

/// <summary>What a sync reads of a project.</summary>
public sealed record SyncProject(string Slug, string LabelConfig, SyncDataset Dataset);

/// <summary>The projects.dataset column, as Web writes it (camelCase JSON).</summary>
public sealed record SyncDataset
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IReadOnlyList<string> Locations { get; init; } = [];
    public string? Filter { get; init; }
    public long? ConnectionId { get; init; }
    public int SyncIntervalMinutes { get; init; }

    public static SyncDataset Parse(string json) => JsonSerializer.Deserialize<SyncDataset>(json, Json) ?? new();
}
