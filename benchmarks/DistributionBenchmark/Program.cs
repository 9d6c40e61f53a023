// Distributes 100,000 tasks over 5 annotators with overlap 2, then adds a sixth annotator and
// 10,000 new tasks, and prints the time and the spread (max/min tasks per person) of each step:
// the plan alone, and the stored rebalance on a throwaway PostgreSQL (as Web and the Worker run it).
// Then, end to end, the latency of an annotator's label stream through Labelit's proxy in split mode
// against "everyone" mode (StreamLatency; `-- --stream-only` runs that alone). Figures: src/Data/Distribution/README.md.
using System.Diagnostics;
using Dapper;
using Labelit.Data;
using Labelit.Data.Distribution;
using Labelit.Data.Migrations;
using Labelit.DistributionBenchmark;
using Labelit.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

const int Tasks = 100_000, Annotators = 5, Overlap = 2;
if (args.Contains("--stream-only"))
{
    await StreamLatency.RunAsync();
    return;
}

var watch = Stopwatch.StartNew();
var plan = TaskSplitter.Plan(Enumerable.Range(1, Tasks).ToArray(), Enumerable.Range(1, Annotators).Select(i => (long)i).ToArray(), Overlap, []);
Console.WriteLine($"plan only: {Tasks:N0} tasks, {Annotators} annotators, overlap {Overlap}: {watch.ElapsedMilliseconds} ms, {Spread(plan.Added.GroupBy(a => a.UserId).Select(g => g.Count()))}");

await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync("distribution_bench"));
await new Migrator(dataSource, Migration.FromAssembly(typeof(DataExtensions).Assembly), NullLogger<Migrator>.Instance).MigrateAsync();
await using (var connection = await dataSource.OpenConnectionAsync())
{
    var manager = await connection.ExecuteScalarAsync<long>("INSERT INTO users (email, display_name, role, password_hash) VALUES ('m@x', 'M', 'Manager', '') RETURNING id");
    var project = await connection.ExecuteScalarAsync<long>("INSERT INTO projects (name, slug, label_config, manager_id) VALUES ('p', 'p', '<View/>', @manager) RETURNING id", new { manager });
    for (var i = 1; i <= Annotators + 1; i++)
        await connection.ExecuteAsync("INSERT INTO users (email, display_name, role, password_hash) VALUES (@email, @email, 'Annotator', '')", new { email = $"a{i}@x" });
    await connection.ExecuteAsync("INSERT INTO project_annotators (project_id, user_id) SELECT @project, id FROM users WHERE role = 'Annotator' AND email <> @last", new { project, last = $"a{Annotators + 1}@x" });
    await AddTasksAsync(connection, project, 1, Tasks);
    var store = new DistributionStore(dataSource);
    await store.SaveSettingsAsync(project, new(DistributionModes.Split, Overlap, false), manager);

    await TimeAsync($"stored: {Tasks:N0} tasks, {Annotators} annotators, overlap {Overlap}", store, project);
    await PrintRangesAsync(store, project);
    await connection.ExecuteAsync("INSERT INTO project_annotators (project_id, user_id) SELECT @project, id FROM users WHERE email = @last", new { project, last = $"a{Annotators + 1}@x" });
    await TimeAsync($"stored: a sixth annotator added (rebalance of unstarted tasks)", store, project);
    await AddTasksAsync(connection, project, Tasks + 1, 10_000);
    await TimeAsync("stored: 10,000 new tasks synced", store, project);
    await PrintRangesAsync(store, project);
    await PrintProxyCostAsync(store, project, (await store.SharesAsync(project))[0].UserId);
}
await StreamLatency.RunAsync();

// What the proxy adds to each task-list or label-stream request of a split-mode annotator: the mode
// and the annotator's ranges, read from PostgreSQL (LS then filters by a few id ranges in its own query).
static async Task PrintProxyCostAsync(DistributionStore store, long project, long user)
{
    var times = new List<double>();
    for (var i = 0; i < 300; i++)
    {
        var watch = Stopwatch.StartNew();
        if ((await store.GetSettingsAsync(project)).IsSplit)
            await store.RangesOfAsync(project, user);
        times.Add(watch.Elapsed.TotalMilliseconds);
    }
    times.Sort();
    Console.WriteLine($"proxy's added work per list/stream request (300 runs): median {times[150]:F2} ms, p95 {times[284]:F2} ms");
}

static async Task PrintRangesAsync(DistributionStore store, long project)
{
    var ranges = new List<int>();
    var watch = Stopwatch.StartNew();
    foreach (var share in await store.SharesAsync(project))
        ranges.Add((await store.RangesOfAsync(project, share.UserId)).Count);
    Console.WriteLine($"  id ranges per annotator (the proxy's LS filter): {string.Join(", ", ranges)}; {watch.ElapsedMilliseconds / ranges.Count} ms to compute one");
}

static async Task TimeAsync(string what, DistributionStore store, long project)
{
    var watch = Stopwatch.StartNew();
    var outcome = await store.RebalanceAsync(project);
    var elapsed = watch.ElapsedMilliseconds;
    var shares = await store.SharesAsync(project);
    Console.WriteLine($"{what}: {elapsed} ms ({outcome.Added:N0} added, {outcome.Removed:N0} moved away), {Spread(shares.Select(s => s.Tasks))}");
}

static Task AddTasksAsync(NpgsqlConnection connection, long project, int first, int count) => connection.ExecuteAsync("""
    INSERT INTO progress_tasks (project_id, ls_task_id, labelled, skipped, updated_at)
    SELECT @project, g, false, false, now() FROM generate_series(@first, @last) g
    """, new { project, first, last = first + count - 1 });

static string Spread(IEnumerable<int> counts)
{
    var list = counts.ToList();
    return $"tasks per person max {list.Max():N0} / min {list.Min():N0}";
}
