using Labelit.Worker.Tests.Support;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests.Exports;

public sealed class RetentionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Only_the_last_runs_and_their_files_are_kept()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var exportFolder = ExportTestKit.NewExportFolder();
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var project = await labelit.AddProjectAsync("Kept", manager);
        await labelit.SetExportSettingsAsync(project, new { formats = new[] { "JSON" }, intervalMinutes = 0, destination = "local" });
        labelit.StartWorker(overrides: ExportTestKit.WorkerSettings(exportFolder, new() { ["Exports__KeepRuns"] = "2" }));
        await labelit.WaitRunningAsync(project);
        using var ls = await LabelStudioAdmin.ForAsync(labelit, project);

        var locations = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            await ls.ImportAnnotatedAsync(1, $"batch {i}"); // something new each time, so no run is skipped
            await CrashTests.RequestExportAsync(labelit, project, manager);
            var run = await labelit.WaitForRunAsync(project, r => r.Status == "succeeded" && r.TaskCount == i, $"export {i} succeeds");
            locations.Add(run.Location!);
        }

        // Retention runs right after a run is recorded.
        await labelit.WaitUntilAsync(async () => (await labelit.RunsAsync(project)).Count == 2, TimeSpan.FromSeconds(10), "the oldest run is deleted");
        var runs = await labelit.RunsAsync(project);
        Assert.Equal([2, 3], runs.Select(r => r.TaskCount));
        Assert.False(Directory.Exists(Path.Combine(exportFolder, locations[0])), "the oldest run's files are deleted");
        Assert.True(File.Exists(Path.Combine(exportFolder, locations[1], "kept-JSON.json")));
        Assert.True(File.Exists(Path.Combine(exportFolder, locations[2], "kept-JSON.json")));
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(exportFolder, "kept")).Length);
    }
}
