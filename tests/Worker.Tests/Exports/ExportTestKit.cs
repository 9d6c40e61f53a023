using System.Text.Json;
using Dapper;
using Labelit.TestSupport;
using Labelit.Worker.Tests.Support;
using Npgsql;

namespace Labelit.Worker.Tests.Exports;

/// <summary>What the export tests share: Worker settings short enough for tests, export settings, and the export_runs rows.</summary>
public static class ExportTestKit
{
    /// <summary>Worker settings: a private export folder, fast polling, and per-project intervals counted in seconds instead of minutes.</summary>
    public static Dictionary<string, string> WorkerSettings(string exportFolder, Dictionary<string, string>? more = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Exports__Directory"] = exportFolder,
            ["Exports__PollInterval"] = "00:00:00.500",
            ["Exports__RetryDelay"] = "00:00:01",
            ["Exports__AbandonedAfter"] = "00:00:04",
            ["Scheduling__IntervalUnit"] = "00:00:01",
            ["Scheduling__ResyncInterval"] = "00:00:02",
        };
        foreach (var (name, value) in more ?? [])
            settings[name] = value;
        return settings;
    }

    public static Task SetExportSettingsAsync(this Installation labelit, long projectId, object settings) =>
        labelit.ExecuteAsync("UPDATE projects SET export_settings = @json::jsonb, updated_at = now() WHERE id = @projectId",
            new { projectId, json = JsonSerializer.Serialize(settings, new JsonSerializerOptions(JsonSerializerDefaults.Web)) });

    public static async Task<IReadOnlyList<RunRow>> RunsAsync(this Installation labelit, long projectId)
    {
        await using var connection = new NpgsqlConnection(labelit.ConnectionString);
        return (await connection.QueryAsync<RunRow>("""
            SELECT id AS Id, trigger AS Trigger, status AS Status, attempt AS Attempt, task_count AS TaskCount, annotation_count AS AnnotationCount,
                   bytes AS Bytes, files::text AS FilesJson, destination AS Destination, location AS Location, error AS Error
            FROM export_runs WHERE project_id = @projectId ORDER BY id
            """, new { projectId })).ToList();
    }

    public static async Task<RunRow> WaitForRunAsync(this Installation labelit, long projectId, Func<RunRow, bool> match, string what, int seconds = 60)
    {
        RunRow? found = null;
        await labelit.WaitUntilAsync(async () => (found = (await labelit.RunsAsync(projectId)).LastOrDefault(match)) is not null,
            TimeSpan.FromSeconds(seconds), what);
        return found!;
    }

    public static string NewExportFolder() => TestDirectories.Create("labelit-exports-");
}

public sealed record RunRow
{
    public long Id { get; init; }
    public string Trigger { get; init; } = "";
    public string Status { get; init; } = "";
    public int Attempt { get; init; }
    public int? TaskCount { get; init; }
    public int? AnnotationCount { get; init; }
    public long? Bytes { get; init; }
    public string FilesJson { get; init; } = "[]";
    public string? Destination { get; init; }
    public string? Location { get; init; }
    public string? Error { get; init; }

    public IReadOnlyList<string> FileNames =>
        JsonDocument.Parse(FilesJson).RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList();
}
