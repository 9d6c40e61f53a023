using System.Text.Json;
using Labelit.Worker.Tests.Support;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests.Exports;

public sealed class ScheduledExportTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_scheduled_export_writes_every_format_with_the_projects_tasks_and_annotations_then_skips_when_nothing_changed()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var exportFolder = ExportTestKit.NewExportFolder();
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var project = await labelit.AddProjectAsync("Scheduled", manager);
        labelit.StartWorker(overrides: ExportTestKit.WorkerSettings(exportFolder));
        await labelit.WaitRunningAsync(project);
        int firstTask;
        using (var session = await labelit.SignInAsync(project, manager))
        {
            var lsProject = (await labelit.InstanceAsync(project))!.LsProjectId!.Value;
            firstTask = await session.AnnotateNewTaskAsync(lsProject, "first text", "A");
            await session.AnnotateNewTaskAsync(lsProject, "second text", "B");
        }

        // Turning the schedule on is all it takes: the Worker hears the project change and adds the trigger.
        await labelit.SetExportSettingsAsync(project, new { formats = new[] { "JSON", "JSON_MIN", "CSV", "TSV" }, intervalMinutes = 3, destination = "local" });
        var run = await labelit.WaitForRunAsync(project, r => r.Status == "succeeded", "the first scheduled export succeeds");

        Assert.Equal("scheduled", run.Trigger);
        Assert.Equal(2, run.TaskCount);
        Assert.Equal(2, run.AnnotationCount);
        Assert.Equal(["scheduled-JSON.json", "scheduled-JSON_MIN.json", "scheduled-CSV.csv", "scheduled-TSV.tsv", "provenance.csv"], run.FileNames);
        var folder = Path.Combine(exportFolder, run.Location!);
        Assert.Equal(Path.Combine(exportFolder, "scheduled"), Path.GetDirectoryName(folder));
        Assert.Matches(@"^\d{8}-\d{6}$", Path.GetFileName(folder));
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "scheduled-JSON.json"))))
        {
            var tasks = json.RootElement.EnumerateArray().ToList();
            Assert.Equal(["first text", "second text"], tasks.Select(t => t.GetProperty("data").GetProperty("text").GetString()));
            Assert.All(tasks, t => Assert.Single(t.GetProperty("annotations").EnumerateArray()));
        }
        using (var min = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "scheduled-JSON_MIN.json"))))
            Assert.Equal(["A", "B"], min.RootElement.EnumerateArray().Select(t => t.GetProperty("label").GetString()));
        Assert.Equal(3, File.ReadAllLines(Path.Combine(folder, "scheduled-CSV.csv")).Length); // header + 2 tasks
        Assert.Contains('\t', File.ReadAllLines(Path.Combine(folder, "scheduled-TSV.tsv"))[0]);
        Assert.Equal(new DirectoryInfo(folder).GetFiles().Sum(f => f.Length), run.Bytes);

        // The next tick finds nothing new: no second copy of the same export.
        var skipped = await labelit.WaitForRunAsync(project, r => r.Status == "skipped", "the next tick is skipped");
        Assert.Matches(@"^skipped: nothing new since \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$", skipped.Error);
        Assert.Single(Directory.GetDirectories(Path.Combine(exportFolder, "scheduled")));

        // A new annotation is news: the tick after it exports again. (One change in LS: a task imported
        // and then annotated would be two, and a tick between them would rightly export twice.)
        using (var session = await labelit.SignInAsync(project, manager))
            await session.AnnotateTaskAsync(firstTask, "B");
        var second = await labelit.WaitForRunAsync(project, r => r.Status == "succeeded" && r.Id > skipped.Id, "the export after a change succeeds");
        Assert.Equal((2, 3), (second.TaskCount, second.AnnotationCount));
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(exportFolder, "scheduled")).Length);
    }
}
