using System.Text.Json;
using Labelit.Plugins;
using Labelit.Worker.Datasets;
using Labelit.Worker.Exports;
using Labelit.Worker.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests.Exports;

/// <summary>What an export reads of each task's origin from the dataset sync's records, against the real schema.</summary>
public sealed class DatasetTaskOriginsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_version_a_sync_saw_is_kept_and_each_task_finds_its_own_object_read_a_window_at_a_time()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var manager = await labelit.AddUserAsync("mia", "Manager");
        var project = await labelit.AddProjectAsync("Notes", manager);
        var other = await labelit.AddProjectAsync("Other", manager);
        await using var dataSource = NpgsqlDataSource.Create(labelit.ConnectionString);
        var written = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
        StorageObject Note(int i, string etag, int hours = 0) => new(StoragePath.Parse($"s3://notes/{i}.txt"), 1, etag, written.AddHours(hours));

        await RecordAsync(dataSource, other, 1, [Note(9, "\"other\"")]);
        await RecordAsync(dataSource, project, 2, [.. Enumerable.Range(0, 5).Select(i => Note(i, "\"a\""))]);
        await labelit.ExecuteAsync("UPDATE dataset_objects SET state = 'imported', imported_at = now()");
        // 0.txt is rewritten twice, each seen by a sync; the others never change.
        await RecordAsync(dataSource, project, 3, [Note(0, "\"b\"", hours: 2), .. Enumerable.Range(1, 4).Select(i => Note(i, "\"a\""))]);
        await RecordAsync(dataSource, project, 4, [Note(0, "\"c\"", hours: 4), .. Enumerable.Range(1, 4).Select(i => Note(i, "\"a\""))]);

        var ids = (await labelit.QueryAsync<(long Id, string Location)>("SELECT id, location FROM dataset_objects")).ToDictionary(o => o.Location, o => o.Id);
        var origins = new DatasetTaskOrigins(dataSource, project, windowSize: 2);
        var found = new List<Labelit.Export.Provenance.TaskOrigin?>();
        for (var i = 0; i < 5; i++)
            found.Add(await origins.FindAsync(Task(ids[$"s3://notes/{i}.txt"]), CancellationToken.None));

        var heron = found[0]!;
        Assert.Equal(("s3://notes/0.txt", 2L), (heron.Location, heron.CreatedBySync));
        Assert.Equal(["\"a\"", "\"b\"", "\"c\""], heron.Versions.Select(v => v.ETag));
        // Each version counts from when storage wrote it.
        Assert.Equal([null, written.AddHours(2), written.AddHours(4)], heron.Versions.Select(v => v.Since));
        Assert.All(found.Skip(1), o => Assert.Equal(["\"a\""], o!.Versions.Select(v => v.ETag)));
        Assert.Equal(["s3://notes/1.txt", "s3://notes/2.txt", "s3://notes/3.txt", "s3://notes/4.txt"], found.Skip(1).Select(o => o!.Location));
        // Another project's object is not this project's task's origin.
        Assert.Null(await origins.FindAsync(Task(ids["s3://notes/9.txt"]), CancellationToken.None));
        Assert.Null(await origins.FindAsync(JsonDocument.Parse("""{"id": 1, "meta": {}}""").RootElement, CancellationToken.None));
    }

    private static JsonElement Task(long objectId) =>
        JsonDocument.Parse($$$"""{"id": 1, "meta": {"labelit_object_id": {{{objectId}}}}}""").RootElement;

    private static async Task RecordAsync(NpgsqlDataSource dataSource, long project, long syncId, IReadOnlyList<StorageObject> listing)
    {
        await using var recorder = await ListingRecorder.StartAsync(dataSource, project, syncId, CancellationToken.None);
        await recorder.RecordAsync(listing, CancellationToken.None);
    }
}
