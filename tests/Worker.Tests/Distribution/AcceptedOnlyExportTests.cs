using System.Text.Json;
using Dapper;
using Labelit.Data;
using Labelit.Data.Distribution;
using Labelit.Data.Migrations;
using Labelit.TestSupport;
using Labelit.Worker.Distribution;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Labelit.Worker.Tests.Distribution;

/// <summary>An export limited to accepted annotations: LS's raw snapshot as the converters then read it.</summary>
public sealed class AcceptedOnlyExportTests
{
    private const string Raw = """
        [{"id": 1, "data": {"text": "a"}, "annotations": [{"id": 11, "result": []}, {"id": 12, "result": []}]},
         {"id": 2, "data": {"text": "b"}, "annotations": [{"id": 21, "result": []}]},
         {"id": 3, "data": {"text": "c"}, "annotations": [{"id": 31, "result": []}, {"id": 32, "result": []}]}]
        """;

    [Fact]
    public async Task Only_accepted_annotations_are_kept_and_tasks_left_with_none_are_left_out_and_without_the_setting_nothing_changes()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync("accepted"));
        await new Migrator(dataSource, Migration.FromAssembly(typeof(DataExtensions).Assembly), NullLogger<Migrator>.Instance).MigrateAsync();
        await using var connection = await dataSource.OpenConnectionAsync();
        var manager = await connection.ExecuteScalarAsync<long>("INSERT INTO users (email, display_name, role, password_hash) VALUES ('m@x', 'M', 'Manager', '') RETURNING id");
        var project = await connection.ExecuteScalarAsync<long>("INSERT INTO projects (name, slug, label_config, manager_id) VALUES ('p', 'p', '<View/>', @manager) RETURNING id", new { manager });
        await connection.ExecuteAsync("""
            INSERT INTO annotation_reviews (project_id, ls_annotation_id, ls_task_id, decision, comment, reviewer_id, annotation_updated_at)
            VALUES (@project, 12, 1, 'accepted', '', @manager, now()), (@project, 21, 2, 'rejected', 'no', @manager, now()),
                   (@project, 31, 3, 'accepted', '', @manager, now()), (@project, 32, 3, 'accepted', '', @manager, now())
            """, new { project, manager });
        var distribution = new DistributionStore(dataSource);
        var exports = new AcceptedOnlyExports(distribution, new ReviewStore(dataSource));
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, Raw);
            await exports.ApplyAsync(project, path, CancellationToken.None);
            Assert.Equal(Raw, await File.ReadAllTextAsync(path));

            await distribution.SaveSettingsAsync(project, DistributionSettings.Default with { ExportAcceptedOnly = true }, manager);
            await exports.ApplyAsync(project, path, CancellationToken.None);

            using var filtered = JsonDocument.Parse(await File.ReadAllTextAsync(path));
            var kept = filtered.RootElement.EnumerateArray().ToDictionary(
                t => t.GetProperty("id").GetInt32(),
                t => t.GetProperty("annotations").EnumerateArray().Select(a => a.GetProperty("id").GetInt32()).ToArray());
            Assert.Equal([1, 3], kept.Keys);
            Assert.Equal([12], kept[1]);
            Assert.Equal([31, 32], kept[3]);
            Assert.Equal("a", filtered.RootElement[0].GetProperty("data").GetProperty("text").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
