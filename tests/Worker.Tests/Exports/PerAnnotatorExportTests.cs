using System.Text.Json;
using Labelit.Worker.Tests.Support;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests.Exports;

public sealed class PerAnnotatorExportTests(ITestOutputHelper output)
{
    [Fact]
    public async Task With_per_annotator_files_each_person_gets_a_file_per_format_holding_only_their_annotations_beside_the_whole_project()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var exportFolder = ExportTestKit.NewExportFolder();
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var ada = await labelit.AddUserAsync("ada", displayName: "Ada Lovelace");
        var bob = await labelit.AddUserAsync("bob", displayName: "Bob O'Brien");
        var project = await labelit.AddProjectAsync("Split", manager, ada, bob);
        labelit.StartWorker(overrides: ExportTestKit.WorkerSettings(exportFolder));
        await labelit.WaitRunningAsync(project);
        await labelit.WaitUntilAsync(async () => await labelit.AccountStateAsync(project, ada) == "active"
            && await labelit.AccountStateAsync(project, bob) == "active", TimeSpan.FromSeconds(60), "both annotators have LS accounts");
        using (var adaInLs = await labelit.SignInAsync(project, ada))
        using (var bobInLs = await labelit.SignInAsync(project, bob))
        {
            var lsProject = (await labelit.InstanceAsync(project))!.LsProjectId!.Value;
            var shared = await adaInLs.AnnotateNewTaskAsync(lsProject, "both", "A");
            await adaInLs.AnnotateNewTaskAsync(lsProject, "ada only", "A");
            await bobInLs.AnnotateTaskAsync(shared, "B");
        }

        await labelit.SetExportSettingsAsync(project, new { formats = new[] { "JSON", "CSV" }, destination = "local", perAnnotator = true });
        await labelit.ExecuteAsync("INSERT INTO export_runs (project_id, trigger, requested_by) VALUES (@project, 'manual', @manager)", new { project, manager });
        var run = await labelit.WaitForRunAsync(project, r => r.Status == "succeeded", "the export succeeds");

        Assert.Equal(["split-JSON.json", "split-CSV.csv", "provenance.csv"], run.FileNames.Take(3));
        Assert.Equal(["split-CSV-ada-lovelace.csv", "split-CSV-bob-o-brien.csv", "split-JSON-ada-lovelace.json", "split-JSON-bob-o-brien.json"],
            run.FileNames.Skip(3).Order(StringComparer.Ordinal));
        var folder = Path.Combine(exportFolder, run.Location!);
        Assert.Equal([("both", 2), ("ada only", 1)], Tasks(folder, "split-JSON.json"));
        Assert.Equal([("both", 1), ("ada only", 1)], Tasks(folder, "split-JSON-ada-lovelace.json"));
        Assert.Equal([("both", 1)], Tasks(folder, "split-JSON-bob-o-brien.json"));
        Assert.All(Annotations(folder, "split-JSON-bob-o-brien.json"), a => Assert.Equal("B", a));
        Assert.All(Annotations(folder, "split-JSON-ada-lovelace.json"), a => Assert.Equal("A", a));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(folder, "split-CSV-bob-o-brien.csv")).Length); // header + Bob's one task
        Assert.Equal(3, File.ReadAllLines(Path.Combine(folder, "split-CSV-ada-lovelace.csv")).Length);
        Assert.Equal(new DirectoryInfo(folder).GetFiles().Sum(f => f.Length), run.Bytes);
    }

    private static List<(string Text, int Annotations)> Tasks(string folder, string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, file)));
        return json.RootElement.EnumerateArray()
            .Select(t => (t.GetProperty("data").GetProperty("text").GetString()!, t.GetProperty("annotations").GetArrayLength())).ToList();
    }

    private static List<string> Annotations(string folder, string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, file)));
        return json.RootElement.EnumerateArray().SelectMany(t => t.GetProperty("annotations").EnumerateArray())
            .Select(a => a.GetProperty("result")[0].GetProperty("value").GetProperty("choices")[0].GetString()!).ToList();
    }
}
