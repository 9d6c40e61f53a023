using System.Globalization;
using System.Text.Json;

namespace Labelit.Export.Provenance;

/// <summary>One kept annotation of a task and the version of the storage object it was made on.</summary>
public sealed record LabelledVersion(JsonElement AnnotationId, string? LabelledAt, DateTimeOffset? Time, StorageVersion Version, bool OnOlderVersion);

/// <summary>What an export says of a task's origin: where it came from, and for each annotation
/// (not skipped) the object version it was made on. An annotation is dated by its last change
/// (updated_at, else created_at): the label as exported is the one made then.</summary>
public sealed record TaskProvenance(TaskOrigin Origin, IReadOnlyList<LabelledVersion> Annotations)
{
    /// <summary>The version the task's most recent annotation was made on; null when nobody labelled it.</summary>
    public LabelledVersion? Latest => Annotations.Count == 0 ? null : Annotations.MaxBy(a => a.Time ?? DateTimeOffset.MinValue);

    public bool OnOlderVersion => Latest?.OnOlderVersion ?? false;

    public static TaskProvenance Of(JsonElement task, TaskOrigin origin)
    {
        var annotations = new List<LabelledVersion>();
        if (task.TryGetProperty("annotations", out var all) && all.ValueKind == JsonValueKind.Array)
        {
            foreach (var annotation in all.EnumerateArray())
            {
                if (annotation.ValueKind != JsonValueKind.Object || IsSkipped(annotation))
                    continue;
                var labelledAt = Text(annotation, "updated_at") ?? Text(annotation, "created_at");
                DateTimeOffset? time = labelledAt is not null && DateTimeOffset.TryParse(labelledAt, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
                // Undated, it can only be taken for the current version.
                var version = time is { } at ? origin.VersionAt(at) : origin.Current;
                annotations.Add(new LabelledVersion(annotation.TryGetProperty("id", out var id) ? id : default,
                    labelledAt, time, version, IsOlder(version, origin.Current)));
            }
        }
        return new TaskProvenance(origin, annotations);
    }

    // A file put back as it was (same ETag) is the content the label was made on; an unknown version is not.
    private static bool IsOlder(StorageVersion version, StorageVersion current) =>
        !ReferenceEquals(version, current) && (version.ETag is null || version.ETag != current.ETag);

    // Skipped annotations hold no label, as for LS's converter.
    private static bool IsSkipped(JsonElement annotation) =>
        (annotation.TryGetProperty("was_cancelled", out var cancelled) && cancelled.ValueKind == JsonValueKind.True)
        || (annotation.TryGetProperty("skipped", out var skipped) && skipped.ValueKind == JsonValueKind.True);

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
