using System.Text.RegularExpressions;
using Dapper;
using Labelit.Plugins;
using Labelit.Worker.Datasets;
using Labelit.Worker.Tests.Support;
using Microsoft.Extensions.Logging;
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

    [Fact]
    public async Task A_large_projects_syncs_read_each_object_and_listed_location_a_bounded_number_of_times_when_the_statistics_know_only_other_projects()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var manager = await labelit.AddUserAsync("mia", "Manager");
        // Other projects' objects, analyzed: PostgreSQL then believes that a project it has not seen holds
        // one object. That once made the removal check compare every object with every listed location.
        foreach (var name in new[] { "Birds", "Cars" })
        {
            var other = await labelit.AddProjectAsync(name, manager);
            await labelit.ExecuteAsync("""
                INSERT INTO dataset_objects (project_id, location, size, state)
                SELECT @other, 's3://other/' || g, 1, 'imported' FROM generate_series(1, 2000) g
                """, new { other });
        }
        await labelit.ExecuteAsync("ANALYZE dataset_objects");
        var project = await labelit.AddProjectAsync("Notes", manager);
        var plans = new List<string>();
        await using var dataSource = DataSourceExplainingEveryStatement(labelit.ConnectionString, plans);
        var listing = Enumerable.Range(0, 3000)
            .Select(i => new StorageObject(StoragePath.Parse($"s3://notes/{i:D5}.txt"), 1, $"\"{i}\"", null)).ToList();

        // The first sync lists 3,000 objects, and LS confirms their tasks. The second no longer sees the
        // first object, and sees new contents in ten others.
        Assert.Equal(0, await SyncListingAsync(dataSource, project, syncId: 1, listing));
        await labelit.ExecuteAsync("UPDATE dataset_objects SET state = 'imported', imported_at = now() WHERE project_id = @project", new { project });
        var relisted = listing.Skip(1).Select((o, i) => i % 300 == 0 ? o with { ETag = "\"edited\"" } : o).ToList();
        Assert.Equal(1, await SyncListingAsync(dataSource, project, syncId: 2, relisted));

        var states = (await labelit.QueryAsync<(string State, int Count)>(
            "SELECT state, count(*)::int FROM dataset_objects WHERE project_id = @project GROUP BY state ORDER BY state", new { project })).ToList();
        Assert.Equal([("changed", 10), ("imported", 2989), ("removed", 1)], states);
        var syncStatements = plans.Where(p => p.Contains("dataset_objects", StringComparison.Ordinal) && p.Contains("listed", StringComparison.Ordinal)).ToList();
        Assert.Equal(6 + 2, syncStatements.Count); // three pages and a removal check per sync
        foreach (var plan in syncStatements)
        {
            // The listing is read once at most, and no statement reads every project's objects.
            Assert.All(Regex.Matches(plan, @"Seq Scan on listed .*loops=(\d+)\)"), scan => Assert.Equal("1", scan.Groups[1].Value));
            Assert.DoesNotMatch(@"Seq Scan on dataset_objects .*\(actual", plan);
        }
    }

    // Every statement's plan, with its actual rows and loops, as PostgreSQL's auto_explain sends it (a notice, which Npgsql logs).
    private static NpgsqlDataSource DataSourceExplainingEveryStatement(string connectionString, List<string> plans)
    {
        var builder = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(connectionString)
        {
            Options = "-c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=0 -c auto_explain.log_analyze=on -c auto_explain.log_level=notice",
        }.ConnectionString);
        builder.UseLoggerFactory(LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new NoticeCollector(plans))));
        return builder.Build();
    }

    private sealed class NoticeCollector(List<string> notices) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            if (message.StartsWith("Received notice", StringComparison.Ordinal))
                lock (notices) notices.Add(message);
        }
        public void Dispose() { }
    }

    private static async Task<int> SyncListingAsync(NpgsqlDataSource dataSource, long project, long syncId, IReadOnlyList<StorageObject> listing)
    {
        await using var recorder = await ListingRecorder.StartAsync(dataSource, project, syncId, CancellationToken.None);
        foreach (var page in listing.Chunk(1000))
            await recorder.RecordAsync(page, CancellationToken.None);
        return await recorder.MarkUnlistedRemovedAsync(CancellationToken.None);
    }
}
