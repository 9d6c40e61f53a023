using System.Text.Json;
using Labelit.TestSupport;
using Labelit.Worker.Tests.Support;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests.Datasets;

public sealed class ScheduledSyncTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_clustered_workers_run_each_scheduled_re_sync_tick_once()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var folder = TestDirectories.Create("labelit-scheduled-");
        await File.WriteAllTextAsync(Path.Combine(folder, "note.txt"), "a heron");
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var project = await labelit.AddProjectAsync("Herons", manager);
        var connection = await labelit.ScalarAsync<long>("INSERT INTO storage_connections (name, kind) VALUES ('Shared folder', 'local') RETURNING id");
        await labelit.ExecuteAsync("UPDATE projects SET dataset = @dataset::jsonb WHERE id = @project", new
        {
            project,
            dataset = JsonSerializer.Serialize(new { locations = new[] { new Uri(folder + "/").AbsoluteUri }, connectionId = connection, syncIntervalMinutes = 3 }),
        });
        var settings = new Dictionary<string, string>
        {
            ["Storage__PluginsDirectory"] = Path.Combine(RepositoryPaths.Root, "artifacts", "plugins"),
            ["Storage__AllowedLocalRoots__0"] = folder,
            ["DatasetSync__PollInterval"] = "00:00:01",
            ["Scheduling__IntervalUnit"] = "00:00:01", // "3 minutes" tick every 3 s
        };
        labelit.StartWorker("worker-a", settings);
        labelit.StartWorker("worker-b", settings);

        await labelit.WaitUntilAsync(async () => await labelit.ScalarAsync<int>(
            "SELECT count(*) FROM dataset_syncs WHERE project_id = @project AND trigger = 'scheduled' AND status = 'succeeded'", new { project }) >= 3,
            TimeSpan.FromMinutes(1), "three scheduled syncs have run");

        // One run per tick: two Workers firing the same tick would queue runs moments apart.
        var requested = (await labelit.QueryAsync<DateTime>("SELECT requested_at FROM dataset_syncs WHERE project_id = @project ORDER BY id", new { project })).ToList();
        var gaps = requested.Zip(requested.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        // A tick may be taken up to a quarter of the unit (here 0.25 s) early (ProjectTickJob's tolerance),
        // while a tick fired twice would queue two runs moments apart.
        Assert.All(gaps, gap => Assert.InRange(gap, 1.5, 10));
        Assert.Equal(1, await labelit.ScalarAsync<int>("SELECT count(*) FROM dataset_objects WHERE project_id = @project AND state = 'imported'", new { project }));
        Directory.Delete(folder, recursive: true);
    }
}
