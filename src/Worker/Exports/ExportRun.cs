namespace Labelit.Worker.Exports;

public static class ExportRunStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
}

/// <summary>A run a Worker has claimed, with what it needs of its project.</summary>
public sealed record ClaimedRun
{
    public long Id { get; init; }
    public long ProjectId { get; init; }
    public int Attempt { get; init; }
    public string Slug { get; init; } = "";
    public string LabelConfig { get; init; } = "";
    public string ExportSettingsJson { get; init; } = "{}";
}

/// <summary>One file an export run wrote.</summary>
public sealed record ExportedFile(string Name, string Format, long Bytes);

/// <summary>What a finished run records.</summary>
public sealed record ExportOutcome(int Tasks, int Annotations, IReadOnlyList<ExportedFile> Files, string Destination, string Location, string ContentHash)
{
    public long Bytes => Files.Sum(f => f.Bytes);
}

/// <summary>A run beyond the retention limit, whose files are deleted with it.</summary>
public sealed record ExpiredRun(long Id, string? Destination, string? Location);
