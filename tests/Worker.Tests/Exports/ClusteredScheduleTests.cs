using System.Text.RegularExpressions;
using Labelit.Worker.Tests.Support;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests.Exports;

public sealed partial class ClusteredScheduleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_Workers_sharing_the_database_fire_each_tick_once()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var exportFolder = ExportTestKit.NewExportFolder();
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var project = await labelit.AddProjectAsync("Clustered", manager);
        var a = labelit.StartWorker("worker-a", ExportTestKit.WorkerSettings(exportFolder));
        var b = labelit.StartWorker("worker-b", ExportTestKit.WorkerSettings(exportFolder));
        await labelit.WaitRunningAsync(project);
        using (var ls = await LabelStudioAdmin.ForAsync(labelit, project))
            await ls.ImportAnnotatedAsync(3);

        await labelit.SetExportSettingsAsync(project, new { formats = new[] { "JSON" }, intervalMinutes = 2, destination = "local" });
        await labelit.WaitUntilAsync(() => Task.FromResult(Ticks(a, b).Distinct().Count() >= 6), TimeSpan.FromSeconds(60), "six ticks have fired");

        var ticks = Ticks(a, b);
        output.WriteLine($"worker-a fired {Ticks(a).Count} ticks, worker-b {Ticks(b).Count}");
        Assert.Equal(ticks.Distinct().Count(), ticks.Count);
        // Each tick queued at most one run, and the first one exported the three tasks.
        var runs = await labelit.RunsAsync(project);
        Assert.True(runs.Count <= ticks.Count, $"{runs.Count} runs for {ticks.Count} ticks");
        Assert.All(runs, r => Assert.Equal("scheduled", r.Trigger));
        Assert.Equal(3, runs.First(r => r.Status == "succeeded").TaskCount);
        Assert.Single(Directory.GetDirectories(Path.Combine(exportFolder, "clustered")));
    }

    [Fact]
    public async Task Schedules_come_back_by_themselves_after_redis_is_emptied_and_no_tick_runs_twice()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var exportFolder = ExportTestKit.NewExportFolder();
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var project = await labelit.AddProjectAsync("Flushed", manager);
        var a = labelit.StartWorker("worker-a", ExportTestKit.WorkerSettings(exportFolder));
        var b = labelit.StartWorker("worker-b", ExportTestKit.WorkerSettings(exportFolder));
        await labelit.SetExportSettingsAsync(project, new { formats = new[] { "JSON" }, intervalMinutes = 2, destination = "local" });
        await labelit.WaitUntilAsync(() => Task.FromResult(Ticks(a, b).Count >= 2), TimeSpan.FromSeconds(60), "two ticks have fired");

        // Everything Hangfire had is gone: schedules, queued and finished jobs, servers.
        await using (var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(labelit.Redis.ConnectionString + ",allowAdmin=true"))
            await redis.GetServers()[0].FlushAllDatabasesAsync();
        var before = Ticks(a, b).Count;
        // The Workers put the schedules back from PostgreSQL (every 2 s here, every minute in production).
        await labelit.WaitUntilAsync(() => Task.FromResult(Ticks(a, b).Count >= before + 3), TimeSpan.FromSeconds(60), "three more ticks have fired");

        var ticks = Ticks(a, b);
        Assert.Equal(ticks.Distinct().Count(), ticks.Count);
        var runs = await labelit.RunsAsync(project);
        Assert.True(runs.Count <= ticks.Count, $"{runs.Count} runs for {ticks.Count} ticks");
        Assert.True(runs.Count(r => r.Status is "queued" or "running") <= 1, "More than one run of the project at once.");
    }

    private static List<string> Ticks(params WorkerProcess[] workers) =>
        workers.SelectMany(w => TickLine().Matches(w.Output).Select(m => m.Groups[1].Value)).ToList();

    [GeneratedRegex(@"Scheduled export tick (\S+) of project \d+")]
    private static partial Regex TickLine();
}
