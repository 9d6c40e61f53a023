using System.Text.Json;
using Labelit.TestSupport;
using Labelit.Worker.Tests.Support;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests.Datasets;

public sealed class ScheduledSyncTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_workers_run_a_due_re_sync_once_and_not_again_before_the_interval()
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
            dataset = JsonSerializer.Serialize(new { locations = new[] { new Uri(folder + "/").AbsoluteUri }, connectionId = connection, syncIntervalMinutes = 60 }),
        });
        var settings = new Dictionary<string, string>
        {
            ["Storage__PluginsDirectory"] = Path.Combine(RepositoryPaths.Root, "artifacts", "plugins"),
            ["Storage__AllowedLocalRoots__0"] = folder,
            ["DatasetSync__PollInterval"] = "00:00:01",
        };
        labelit.StartWorker("worker-a", settings);
        labelit.StartWorker("worker-b", settings);

        await labelit.WaitUntilAsync(async () => await labelit.ScalarAsync<string?>(
            "SELECT status FROM dataset_syncs WHERE project_id = @project", new { project }) == "succeeded",
            TimeSpan.FromMinutes(1), "the scheduled sync has run");
        await Task.Delay(TimeSpan.FromSeconds(5)); // five more polls by each Worker

        var runs = await labelit.ScalarAsync<int>("SELECT count(*) FROM dataset_syncs WHERE project_id = @project AND trigger = 'scheduled'", new { project });
        Assert.Equal(1, runs);
        Assert.Equal(1, await labelit.ScalarAsync<int>("SELECT count(*) FROM dataset_objects WHERE project_id = @project AND state = 'imported'", new { project }));
        Directory.Delete(folder, recursive: true);
    }
}
