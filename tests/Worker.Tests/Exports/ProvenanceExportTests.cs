using System.Text.Json;
using Labelit.TestSupport;
using Labelit.Worker.Tests.Support;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests.Exports;

/// <summary>An export says which storage object each task shows, which sync created it, and whether
/// the object changed after it was labelled.</summary>
public sealed class ProvenanceExportTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_file_changed_in_storage_after_labelling_is_flagged_in_the_JSON_export_and_provenance_csv()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var dataset = TestDirectories.Create("labelit-provenance-");
        var exportFolder = ExportTestKit.NewExportFolder();
        await File.WriteAllTextAsync(Path.Combine(dataset, "heron.txt"), "a heron");
        await File.WriteAllTextAsync(Path.Combine(dataset, "stork.txt"), "a stork");
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var project = await labelit.AddProjectAsync("Birds", manager);
        var connection = await labelit.ScalarAsync<long>("INSERT INTO storage_connections (name, kind) VALUES ('Shared folder', 'local') RETURNING id");
        await labelit.ExecuteAsync("UPDATE projects SET dataset = @dataset::jsonb WHERE id = @project", new
        {
            project,
            dataset = JsonSerializer.Serialize(new { locations = new[] { new Uri(dataset + "/").AbsoluteUri }, connectionId = connection }),
        });
        await labelit.SetExportSettingsAsync(project, new { formats = new[] { "JSON", "CSV" }, destination = "local" });
        labelit.StartWorker(overrides: ExportTestKit.WorkerSettings(exportFolder, new()
        {
            ["Storage__PluginsDirectory"] = Path.Combine(RepositoryPaths.Root, "artifacts", "plugins"),
            ["Storage__AllowedLocalRoots__0"] = dataset,
            ["DatasetSync__PollInterval"] = "00:00:01",
        }));
        await labelit.WaitRunningAsync(project);
        var firstSync = await SyncAsync(labelit, project);

        using (var session = await labelit.SignInAsync(project, manager))
        {
            var tasks = await session.TaskIdsByLocationAsync((await labelit.InstanceAsync(project))!.LsProjectId!.Value);
            Assert.Equal(2, tasks.Count);
            foreach (var task in tasks.Values)
                await session.AnnotateTaskAsync(task, "A");
        }
        // heron.txt is rewritten after it was labelled; the next sync sees its new version.
        var heron = Path.Combine(dataset, "heron.txt");
        await File.WriteAllTextAsync(heron, "a grey heron");
        File.SetLastWriteTimeUtc(heron, DateTime.UtcNow.AddSeconds(1));
        await SyncAsync(labelit, project);

        await labelit.ExecuteAsync("INSERT INTO export_runs (project_id, trigger, requested_by) VALUES (@project, 'manual', @manager)", new { project, manager });
        var run = await labelit.WaitForRunAsync(project, r => r.Status == "succeeded", "the export succeeds");
        Assert.Equal(["birds-JSON.json", "birds-CSV.csv", "provenance.csv"], run.FileNames);
        var folder = Path.Combine(exportFolder, run.Location!);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "birds-JSON.json")));
        var provenance = json.RootElement.EnumerateArray().Select(t => t.GetProperty("labelit_provenance"))
            .ToDictionary(p => Path.GetFileName(p.GetProperty("location").GetString()!));
        Assert.True(provenance["heron.txt"].GetProperty("labelled_on_older_version").GetBoolean());
        Assert.NotEqual(provenance["heron.txt"].GetProperty("labelled_version").GetString(), provenance["heron.txt"].GetProperty("current_version").GetString());
        Assert.False(provenance["stork.txt"].GetProperty("labelled_on_older_version").GetBoolean());
        Assert.Equal(provenance["stork.txt"].GetProperty("labelled_version").GetString(), provenance["stork.txt"].GetProperty("current_version").GetString());
        Assert.All(provenance.Values, p => Assert.Equal(firstSync, p.GetProperty("dataset_sync").GetInt64()));
        Assert.Equal(new Uri(heron).AbsoluteUri, provenance["heron.txt"].GetProperty("location").GetString());

        var rows = File.ReadAllLines(Path.Combine(folder, "provenance.csv"));
        Assert.Equal(3, rows.Length); // header + one row per label
        Assert.EndsWith("\"labelled on an older version\"", Assert.Single(rows, r => r.Contains("heron.txt")));
        Assert.EndsWith("\"labelled on the current version\"", Assert.Single(rows, r => r.Contains("stork.txt")));
    }

    private static async Task<long> SyncAsync(Installation labelit, long project)
    {
        var sync = await labelit.ScalarAsync<long>("INSERT INTO dataset_syncs (project_id, trigger) VALUES (@project, 'manual') RETURNING id", new { project });
        await labelit.WaitUntilAsync(async () => await labelit.ScalarAsync<string>("SELECT status FROM dataset_syncs WHERE id = @sync", new { sync }) == "succeeded",
            TimeSpan.FromSeconds(60), $"sync {sync} succeeds");
        return sync;
    }
}
