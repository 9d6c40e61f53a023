using Dapper;
using Labelit.Data.Distribution;
using Labelit.Data.Migrations;
using Labelit.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Labelit.Data.Tests.Distribution;

/// <summary>The stored split on a real PostgreSQL: what the proxy and the Worker rely on.</summary>
public sealed class DistributionStoreTests : IAsyncLifetime
{
    private NpgsqlDataSource _dataSource = null!;
    private DistributionStore _store = null!;
    private long _project;
    private long _manager;
    private readonly List<long> _annotators = [];

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync("distribution"));
        await new Migrator(_dataSource, Migration.FromAssembly(typeof(DataExtensions).Assembly), NullLogger<Migrator>.Instance).MigrateAsync();
        await using var connection = await _dataSource.OpenConnectionAsync();
        _manager = await connection.ExecuteScalarAsync<long>("INSERT INTO users (email, display_name, role, password_hash) VALUES ('m@x', 'M', 'Manager', '') RETURNING id");
        _project = await connection.ExecuteScalarAsync<long>("INSERT INTO projects (name, slug, label_config, manager_id) VALUES ('p', 'p', '<View/>', @_manager) RETURNING id", new { _manager });
        for (var i = 1; i <= 3; i++)
            _annotators.Add(await AddAnnotatorAsync(connection, $"a{i}@x"));
        await connection.ExecuteAsync("""
            INSERT INTO progress_tasks (project_id, ls_task_id, labelled, skipped, updated_at)
            SELECT @_project, g, false, false, now() FROM generate_series(1, 12) g
            """, new { _project });
        _store = new DistributionStore(_dataSource);
    }

    private async Task<long> AddAnnotatorAsync(NpgsqlConnection connection, string email)
    {
        var id = await connection.ExecuteScalarAsync<long>("INSERT INTO users (email, display_name, role, password_hash) VALUES (@email, @email, 'Annotator', '') RETURNING id", new { email });
        await connection.ExecuteAsync("INSERT INTO project_annotators (project_id, user_id) VALUES (@_project, @id)", new { _project, id });
        return id;
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    private async Task<HashSet<int>> TasksOfAsync(long user) =>
        (await TaskRangesOfAsync(user)).SelectMany(r => Enumerable.Range(r.First, r.Last - r.First + 1)).ToHashSet();

    private Task<IReadOnlyList<TaskRange>> TaskRangesOfAsync(long user) => _store.RangesOfAsync(_project, user);

    [Fact]
    public async Task A_split_gives_each_annotator_ranges_of_their_own_tasks_only_and_everyone_mode_clears_it()
    {
        await _store.SaveSettingsAsync(_project, new(DistributionModes.Split, 2, false), _manager);
        await _store.RebalanceAsync(_project);

        var shares = await Task.WhenAll(_annotators.Select(TasksOfAsync));
        Assert.All(shares, s => Assert.Equal(8, s.Count));
        Assert.All(Enumerable.Range(1, 12), t => Assert.Equal(2, shares.Count(s => s.Contains(t))));
        foreach (var (user, share) in _annotators.Zip(shares))
        {
            foreach (var task in share)
                Assert.True(await _store.HoldsAsync(_project, user, task));
        }

        await _store.SaveSettingsAsync(_project, DistributionSettings.Default, _manager);
        await _store.RebalanceAsync(_project);
        Assert.Empty(await TaskRangesOfAsync(_annotators[0]));
        Assert.All(await _store.SharesAsync(_project), s => Assert.Equal(0, s.Tasks));
    }

    [Fact]
    public async Task A_task_an_annotator_started_stays_theirs_when_a_newcomer_arrives_and_a_moved_one_can_no_longer_be_started()
    {
        await _store.SaveSettingsAsync(_project, new(DistributionModes.Split, 1, false), _manager);
        await _store.RebalanceAsync(_project);
        var before = await TasksOfAsync(_annotators[2]);
        var started = before.Min();
        Assert.True(await _store.ClaimAsync(_project, _annotators[2], started));

        await using (var connection = await _dataSource.OpenConnectionAsync())
            _annotators.Add(await AddAnnotatorAsync(connection, "a4@x"));
        var outcome = await _store.RebalanceAsync(_project);

        Assert.Equal(3, outcome.Removed);
        Assert.Contains(started, await TasksOfAsync(_annotators[2]));
        Assert.All(await _store.SharesAsync(_project), s => Assert.Equal(3, s.Tasks));
        var moved = before.Except(await TasksOfAsync(_annotators[2])).First();
        Assert.False(await _store.ClaimAsync(_project, _annotators[2], moved));
        Assert.True(await _store.HoldsAsync(_project, _annotators[3], moved));
    }
}
