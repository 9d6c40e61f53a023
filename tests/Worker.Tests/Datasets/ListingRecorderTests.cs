using Dapper;
using Labelit.Plugins;
using Labelit.Worker.Datasets;
using Labelit.Worker.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests.Datasets;

/// <summary>What a sync's listing records, against the real schema.</summary>
public sealed class ListingRecorderTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_runs_recording_the_same_new_object_at_once_record_it_once_and_the_second_says_why_it_stopped()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var project = await labelit.AddProjectAsync("Notes", await labelit.AddUserAsync("mia", "Manager"));
        await using var dataSource = NpgsqlDataSource.Create(labelit.ConnectionString);
        StorageObject[] page =
        [
            new(StoragePath.Parse("s3://notes/a.txt"), 1, "\"a\"", null),
            new(StoragePath.Parse("s3://notes/b.txt"), 1, "\"b\"", null),
        ];

        // The first run (a run taken over from a Worker that still works) has recorded a.txt but not committed yet.
        await using var first = await dataSource.OpenConnectionAsync();
        await using var firstRun = await first.BeginTransactionAsync();
        await first.ExecuteAsync("INSERT INTO dataset_objects (project_id, location, size, state, import_sync_id) VALUES (@project, 's3://notes/a.txt', 1, 'importing', 1)",
            new { project }, firstRun);

        await using var second = await ListingRecorder.StartAsync(dataSource, project, syncId: 2, CancellationToken.None);
        var recording = second.RecordAsync(page, CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(recording.IsCompleted); // it waits to see whether the first run's a.txt stays
        await firstRun.CommitAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => recording);
        Assert.StartsWith("Another sync of this project recorded the same objects at the same time.", error.Message);
        var recorded = (await first.QueryAsync<(string Location, long SyncId)>(
            "SELECT location, import_sync_id FROM dataset_objects WHERE project_id = @project ORDER BY location", new { project })).ToList();
        Assert.Equal([("s3://notes/a.txt", 1L)], recorded); // the second run's page was recorded not at all, not in part
    }
}
