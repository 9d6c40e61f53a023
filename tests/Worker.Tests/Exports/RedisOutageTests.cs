using Labelit.Worker.Tests.Support;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests.Exports;

/// <summary>Redis holds only jobs; PostgreSQL holds the runs. Losing Redis loses no run and runs none twice.</summary>
public sealed class RedisOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Export_now_while_redis_is_down_runs_once_when_an_empty_redis_comes_back()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var exportFolder = ExportTestKit.NewExportFolder();
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var project = await labelit.AddProjectAsync("Outage", manager);
        await labelit.SetExportSettingsAsync(project, new { formats = new[] { "JSON" }, intervalMinutes = 0, destination = "local" });
        var worker = labelit.StartWorker(overrides: ExportTestKit.WorkerSettings(exportFolder));
        await labelit.WaitRunningAsync(project);

        await labelit.Redis.StopAsync();
        await CrashTests.RequestExportAsync(labelit, project, manager);
        await labelit.WaitUntilAsync(() => Task.FromResult(worker.Output.Contains("Could not dispatch the queued export_runs runs", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "the Worker says it could not hand the run to Redis");
        Assert.Equal("queued", (await labelit.RunsAsync(project)).Single().Status);

        await labelit.Redis.StartEmptyAsync();
        var run = await labelit.WaitForRunAsync(project, r => r.Status == "succeeded", "the run succeeds once Redis is back", seconds: 90);
        Assert.Equal((1, "manual"), (run.Attempt, run.Trigger));
        Assert.Single(await labelit.RunsAsync(project));
    }
}
