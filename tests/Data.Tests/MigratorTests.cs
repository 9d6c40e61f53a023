using Dapper;
using Labelit.Data.Migrations;
using Labelit.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Labelit.Data.Tests;

public sealed class MigratorTests
{
    private static readonly IReadOnlyList<Migration> Shipped = Migration.FromAssembly(typeof(DataExtensions).Assembly);

    [Fact]
    public async Task An_empty_database_gets_every_shipped_migration_recorded_once()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());

        var applied = await Migrator(dataSource, Shipped).MigrateAsync();

        Assert.Equal(Shipped.Select(m => m.Version), applied.Select(m => m.Version));
        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.Equal(Shipped.Select(m => m.Version), await connection.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM users"));
    }

    [Fact]
    public async Task Running_again_changes_nothing()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        await Migrator(dataSource, Shipped).MigrateAsync();
        var recordedBefore = await AppliedAtAsync(dataSource);

        var applied = await Migrator(dataSource, Shipped).MigrateAsync();

        Assert.Empty(applied);
        Assert.Equal(recordedBefore, await AppliedAtAsync(dataSource));
    }

    [Fact]
    public async Task Two_concurrent_starts_apply_each_migration_exactly_once()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        // Not idempotent on purpose: a second run of 0002 would fail on the existing table.
        var migrations = new[]
        {
            Migration.Parse("0001_slow.sql", "SELECT pg_sleep(1); CREATE TABLE first_table (id int);"),
            Migration.Parse("0002_second.sql", "CREATE TABLE second_table (id int);"),
        };
        await using var first = NpgsqlDataSource.Create(connectionString);
        await using var second = NpgsqlDataSource.Create(connectionString);

        var results = await Task.WhenAll(Migrator(first, migrations).MigrateAsync(), Migrator(second, migrations).MigrateAsync());

        Assert.Equal(2, results.Sum(r => r.Count));
        Assert.Contains(results, r => r.Count == 0);
        await using var connection = await first.OpenConnectionAsync();
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task A_failing_migration_is_rolled_back_and_not_recorded()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        var migrations = new[] { Migration.Parse("0001_broken.sql", "CREATE TABLE half_done (id int); SELECT * FROM missing_table;") };

        await Assert.ThrowsAsync<PostgresException>(() => Migrator(dataSource, migrations).MigrateAsync());

        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_migrations"));
        Assert.False(await connection.ExecuteScalarAsync<bool>("SELECT to_regclass('half_done') IS NOT NULL"));
    }

    [Fact]
    public async Task A_script_edited_after_it_was_applied_stops_the_start_with_a_clear_message()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        await Migrator(dataSource, [Migration.Parse("0001_table.sql", "CREATE TABLE t (id int);")]).MigrateAsync();

        var edited = new[] { Migration.Parse("0001_table.sql", "CREATE TABLE t (id bigint);") };
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Migrator(dataSource, edited).MigrateAsync());

        Assert.Contains("0001_table was changed after it was applied", error.Message);
    }

    [Theory]
    [InlineData("1_users.sql")]
    [InlineData("0001-users.sql")]
    [InlineData("0001_Users.txt")]
    public void A_badly_named_script_is_refused(string fileName)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Migration.Parse(fileName, "SELECT 1"));
        Assert.Contains("NNNN_name.sql", error.Message);
    }

    private static Migrator Migrator(NpgsqlDataSource dataSource, IReadOnlyList<Migration> migrations) =>
        new(dataSource, migrations, NullLogger<Migrator>.Instance);

    private static async Task<List<DateTime>> AppliedAtAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<DateTime>("SELECT applied_at FROM schema_migrations ORDER BY version")).ToList();
    }
}
