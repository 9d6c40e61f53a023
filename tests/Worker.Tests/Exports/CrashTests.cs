using System.Diagnostics;
using Labelit.Worker.Tests.Support;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests.Exports;

public sealed class CrashTests(ITestOutputHelper output)
{
    private static readonly object Formats = new { formats = new[] { "JSON", "JSON_MIN", "CSV", "TSV" }, intervalMinutes = 0, destination = "local" };

    [Fact]
    public async Task Export_now_is_picked_up_at_once_through_the_notification()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var exportFolder = ExportTestKit.NewExportFolder();
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var project = await labelit.AddProjectAsync("Now", manager);
        await labelit.SetExportSettingsAsync(project, Formats);
        // Polling once a minute: only the NOTIFY of the insert can start the run within seconds.
        labelit.StartWorker(overrides: ExportTestKit.WorkerSettings(exportFolder, new() { ["Exports__PollInterval"] = "00:01:00" }));
        await labelit.WaitRunningAsync(project);
        await Task.Delay(TimeSpan.FromSeconds(2)); // past the Worker's first look at the queue

        var watch = Stopwatch.StartNew();
        await RequestExportAsync(labelit, project, manager);
        var run = await labelit.WaitForRunAsync(project, r => r.Status == "succeeded", "the manual export succeeds", seconds: 20);
        labelit.Report($"Export now -> succeeded: {watch.ElapsedMilliseconds} ms");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Equal("manual", run.Trigger);
        Assert.Equal(0, run.TaskCount);
    }

    [Fact]
    public async Task A_Worker_killed_mid_export_leaves_no_partial_export_visible_and_the_run_completes_on_the_next_Worker()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var exportFolder = ExportTestKit.NewExportFolder();
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var project = await labelit.AddProjectAsync("Crash", manager);
        await labelit.SetExportSettingsAsync(project, Formats);
        var first = labelit.StartWorker("worker-a", ExportTestKit.WorkerSettings(exportFolder));
        await labelit.WaitRunningAsync(project);
        const int tasks = 60_000;
        using (var ls = await LabelStudioAdmin.ForAsync(labelit, project))
            await ls.ImportAnnotatedAsync(tasks);

        var projectFolder = Path.Combine(exportFolder, "crash");
        await RequestExportAsync(labelit, project, manager);
        // Kill the Worker while it is writing the converted files.
        await labelit.WaitUntilAsync(() => Task.FromResult(
                Directory.Exists(projectFolder) && Directory.EnumerateFiles(projectFolder, "*", SearchOption.AllDirectories).Any()),
            TimeSpan.FromSeconds(60), "the Worker is writing export files");
        first.Kill();

        var published = Directory.GetDirectories(projectFolder).Where(d => !Path.GetFileName(d).StartsWith('.')).ToList();
        Assert.Empty(published);
        Assert.Equal("running", (await labelit.RunsAsync(project)).Single().Status);

        labelit.StartWorker("worker-b", ExportTestKit.WorkerSettings(exportFolder));
        var run = await labelit.WaitForRunAsync(project, r => r.Status == "succeeded", "the interrupted run succeeds on worker-b", seconds: 120);
        Assert.Equal(2, run.Attempt);
        Assert.Equal(tasks, run.TaskCount);
        Assert.Equal(tasks, run.AnnotationCount);
        var folders = Directory.GetDirectories(projectFolder);
        Assert.Equal(Path.Combine(exportFolder, run.Location!), Assert.Single(folders)); // the dead run's partial folder is gone too
        Assert.Equal(tasks + 1, File.ReadLines(Path.Combine(folders[0], "crash-CSV.csv")).Count());
    }

    /// <summary>What the Web's "Export now" does.</summary>
    internal static Task RequestExportAsync(Installation labelit, long project, long user) =>
        labelit.ExecuteAsync("INSERT INTO export_runs (project_id, trigger, requested_by) VALUES (@project, 'manual', @user)", new { project, user });
}
