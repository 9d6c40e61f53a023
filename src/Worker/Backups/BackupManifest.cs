using System.Text.Json;
using System.Text.Json.Serialization;

namespace Labelit.Worker.Backups;

/// <summary>
/// manifest.json of a backup folder. It is written last, inside a folder that is renamed into
/// place only when complete, so a folder with a manifest is a whole backup.
/// </summary>
public sealed record BackupManifest
{
    public const string FileName = "manifest.json";
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>The last migration applied to the backed-up database (schema_migrations.version).</summary>
    public int SchemaVersion { get; init; }
    public required BackupFile Database { get; init; }
    public required IReadOnlyList<ProjectBackup> Projects { get; init; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>A file of the backup, relative to its folder, with what proves it unchanged.</summary>
public sealed record BackupFile(string Path, long Bytes, string Sha256);

public static class ProjectBackupStatus
{
    /// <summary>Its LS data is in the backup.</summary>
    public const string BackedUp = "backed-up";
    /// <summary>Its LS could not be reached or exported; Reason says why.</summary>
    public const string Failed = "failed";
    /// <summary>Not Active, so no LS runs for it; Reason says which status.</summary>
    public const string Skipped = "skipped";
}

public sealed record ProjectBackup
{
    public long ProjectId { get; init; }
    public required string Slug { get; init; }
    public required string Status { get; init; }
    public string? Reason { get; init; }
    public BackupFile? File { get; init; }
    public int TaskCount { get; init; }
    public int AnnotationCount { get; init; }
    /// <summary>
    /// The LS instance's users by LS id, as the raw export names annotators only by id: a restore
    /// into a fresh instance, where ids differ, keeps each annotation's author by email.
    /// </summary>
    public IReadOnlyDictionary<string, string>? LsUserEmails { get; init; }
}
