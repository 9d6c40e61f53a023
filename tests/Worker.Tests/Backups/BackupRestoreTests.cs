using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Labelit.Worker.Backups;
using Labelit.Worker.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests.Backups;

/// <summary>
/// A backup, then the restore exactly as docs/backup-restore.md tells an operator to carry it out
/// after losing both the database and every instance's LS data.
/// </summary>
public sealed class BackupRestoreTests(ITestOutputHelper output)
{
    // The stand-in refuses this config (toName names no object tag), so the instance runs but its LS project never exists.
    private const string BrokenLabelConfig = """<View><Text name="text" value="$text"/><Choices name="label" toName="nowhere"><Choice value="A"/></Choices></View>""";

    [Fact]
    public async Task A_backup_restores_the_database_and_every_projects_tasks_and_annotations_after_losing_both()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var alice = await labelit.AddUserAsync("alice");
        var bob = await labelit.AddUserAsync("bob");
        var birds = await labelit.AddProjectAsync("Birds", manager, alice, bob);
        var fish = await labelit.AddProjectAsync("Fish", manager, alice);
        var paused = await labelit.AddProjectAsync("Paused", manager, alice);
        await labelit.ExecuteAsync("UPDATE projects SET status = 'Paused' WHERE id = @paused", new { paused });
        var broken = await labelit.ScalarAsync<long>(
            "INSERT INTO projects (name, slug, label_config, manager_id) VALUES ('Broken', 'broken', @BrokenLabelConfig, @manager) RETURNING id",
            new { BrokenLabelConfig, manager });
        var worker = labelit.StartWorker();
        await labelit.WaitRunningAsync(birds);
        await labelit.WaitRunningAsync(fish);

        var root = Path.Combine(labelit.DataDirectory, "..", $"backups-{Guid.NewGuid():N}");
        try
        {
            using (var backups = BackupHost.Create(labelit, root, new Dictionary<string, string?> { ["Backups:InstanceWaitTimeout"] = "00:00:05" }))
            {
                await ImportAsync(backups, birds, "a crow", "a swan", "a robin");
                await ImportAsync(backups, fish, "a trout");
                using (var session = await AnnotatorSession.SignInAsync(labelit, birds, alice))
                {
                    var tasks = await session.TasksAsync(await LsProjectIdAsync(labelit, birds));
                    await session.AnnotateAsync(tasks["a crow"], "A");
                    await session.AnnotateAsync(tasks["a swan"], "B");
                }
                using (var session = await AnnotatorSession.SignInAsync(labelit, birds, bob))
                {
                    var tasks = await session.TasksAsync(await LsProjectIdAsync(labelit, birds));
                    await session.AnnotateAsync(tasks["a crow"], "B");
                    await session.SkipAsync(tasks["a robin"]);
                }
                using (var session = await AnnotatorSession.SignInAsync(labelit, fish, alice))
                    await session.AnnotateAsync((await session.TasksAsync(await LsProjectIdAsync(labelit, fish)))["a trout"], "A");
            }

            var birdsBefore = await SnapshotAsync(labelit, root, birds);
            var fishBefore = await SnapshotAsync(labelit, root, fish);
            Assert.Equal(4, birdsBefore.AnnotationCount);
            Assert.Contains(birdsBefore.Tasks, t => t.Contains("a robin", StringComparison.Ordinal) && t.Contains("cancelled=true", StringComparison.Ordinal));
            var labelitBefore = await LabelitRowsAsync(labelit.ConnectionString);

            // The scheduled job's call.
            BackupResult result;
            using (var backups = BackupHost.Create(labelit, root, new Dictionary<string, string?> { ["Backups:InstanceWaitTimeout"] = "00:00:05" }))
                result = await backups.Runner.RunAsync(CancellationToken.None);

            output.WriteLine(File.ReadAllText(Path.Combine(result.Folder, "manifest.json")));
            Assert.Equal("partial", result.Status);
            Assert.Matches(@"^\d{8}-\d{6}$", Path.GetFileName(result.Folder));
            Assert.Equal([result.Folder], Directory.GetDirectories(root).Select(Path.GetFullPath));
            Assert.True(new FileInfo(Path.Combine(result.Folder, "labelit.dump")).Length > 0);
            var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(result.Folder, "manifest.json")))!;
            Assert.Equal(await labelit.ScalarAsync<int>("SELECT max(version) FROM schema_migrations"), manifest["schemaVersion"]!.GetValue<int>());
            var projects = manifest["projects"]!.AsArray().ToDictionary(p => p!["slug"]!.GetValue<string>());
            Assert.Equal(("backed-up", 3, 4), Counts(projects["birds"]!));
            Assert.Equal(("backed-up", 1, 1), Counts(projects["fish"]!));
            Assert.Equal("projects/birds.json", projects["birds"]!["file"]!["path"]!.GetValue<string>());
            Assert.Equal(Sha256(Path.Combine(result.Folder, "projects", "birds.json")), projects["birds"]!["file"]!["sha256"]!.GetValue<string>());
            Assert.Equal("skipped", projects["paused"]!["status"]!.GetValue<string>());
            Assert.Contains("Paused", projects["paused"]!["reason"]!.GetValue<string>());
            Assert.Equal("failed", projects["broken"]!["status"]!.GetValue<string>());
            Assert.Contains("did not become ready", projects["broken"]!["reason"]!.GetValue<string>());
            Assert.False(File.Exists(Path.Combine(result.Folder, "projects", "broken.json")));
            var run = await BackupRunAsync(labelit.ConnectionString, result.RunId);
            Assert.Equal(("partial", result.Folder), (run.Status, run.Folder));
            Assert.Contains("broken:", run.Error);

            // Disaster: Labelit stops, its database and every instance's LS data are lost.
            await worker.DisposeAsync();
            await DropAndCreateDatabaseAsync(labelit.ConnectionString);
            Directory.Delete(labelit.DataDirectory, recursive: true);
            Directory.CreateDirectory(labelit.DataDirectory);

            // Step 1, Labelit stopped: the database. Anyone else connected makes it refuse and change nothing.
            await using (var someone = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(labelit.ConnectionString) { ApplicationName = "labelit-web", Pooling = false }.ConnectionString))
            {
                await someone.OpenAsync();
                var refused = await WorkerCommand.RunAsync(labelit, "restore-backup", result.Folder);
                Assert.True(refused.ExitCode == 1, refused.ToString());
                Assert.Contains("labelit-web", refused.Errors);
                Assert.Contains("Stop Labelit first", refused.Errors);
                Assert.Equal(0, await someone.ExecuteScalarAsync<long>("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"));
            }
            var restored = await WorkerCommand.RunAsync(labelit, "restore-backup", result.Folder);
            output.WriteLine(restored.ToString());
            Assert.True(restored.ExitCode == 0, restored.ToString());
            Assert.Contains("3 users, 4 projects", restored.Output);
            Assert.Equal(labelitBefore, await LabelitRowsAsync(labelit.ConnectionString));

            // Step 2, Labelit running again: its Worker starts fresh instances, then the LS data goes back in.
            await ForgetDroppedConnectionsAsync(labelit);
            labelit.StartWorker();
            await labelit.WaitRunningAsync(birds);
            await labelit.WaitRunningAsync(fish);
            var lsRestored = await WorkerCommand.RunAsync(labelit, "restore-label-studio", result.Folder, "--wait-seconds", "5");
            output.WriteLine(lsRestored.ToString());
            Assert.True(lsRestored.ExitCode == 0, lsRestored.ToString());
            Assert.Contains("birds: imported 3 tasks and 4 annotations", lsRestored.Output);
            Assert.Contains("fish: imported 1 tasks and 1 annotations", lsRestored.Output);
            Assert.Contains("paused: not in this backup", lsRestored.Output);

            Assert.Equal(birdsBefore.Tasks, (await SnapshotAsync(labelit, root, birds)).Tasks);
            Assert.Equal(fishBefore.Tasks, (await SnapshotAsync(labelit, root, fish)).Tasks);
            // Each annotator signs in as before and finds their own labels.
            using (var session = await AnnotatorSession.SignInAsync(labelit, birds, bob))
                Assert.Equal(["B"], await session.MyChoicesAsync((await session.TasksAsync(await LsProjectIdAsync(labelit, birds)))["a crow"]));
            using (var session = await AnnotatorSession.SignInAsync(labelit, birds, alice))
            {
                var tasks = await session.TasksAsync(await LsProjectIdAsync(labelit, birds));
                Assert.Equal(["A"], await session.MyChoicesAsync(tasks["a crow"]));
                Assert.Equal(["B"], await session.MyChoicesAsync(tasks["a swan"]));
            }

            // Run again by mistake: nothing is imported twice.
            var again = await WorkerCommand.RunAsync(labelit, "restore-label-studio", result.Folder, "--wait-seconds", "5");
            Assert.True(again.ExitCode == 0, again.ToString());
            Assert.Contains("birds: its Label Studio project already has 3 tasks; nothing imported", again.Output);
            Assert.Equal(birdsBefore.Tasks, (await SnapshotAsync(labelit, root, birds)).Tasks);
        }
        finally
        {
            BackupFolders.TryDelete(root);
        }
    }

    private static (string, int, int) Counts(JsonNode project) =>
        (project["status"]!.GetValue<string>(), project["taskCount"]!.GetValue<int>(), project["annotationCount"]!.GetValue<int>());

    internal static async Task ImportAsync(BackupHost backups, long projectId, params string[] texts)
    {
        var target = await backups.Instances.WaitAsync(projectId, TimeSpan.FromSeconds(60), CancellationToken.None);
        var tasks = new JsonArray(texts.Select(t => (JsonNode)new JsonObject { ["data"] = new JsonObject { ["text"] = t } }).ToArray());
        Assert.Equal((texts.Length, 0), await backups.Tasks.ImportAsync(target, tasks, CancellationToken.None));
    }

    internal static async Task<int> LsProjectIdAsync(Installation labelit, long projectId) =>
        (await labelit.InstanceAsync(projectId))!.LsProjectId!.Value;

    private static async Task<LsSnapshot> SnapshotAsync(Installation labelit, string root, long projectId)
    {
        using var backups = BackupHost.Create(labelit, root);
        return await backups.SnapshotAsync(projectId);
    }

    /// <summary>Labelit's own data a person would notice: users (with their password hashes), projects and assignments.</summary>
    private static async Task<string> LabelitRowsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        var users = await connection.QueryAsync("SELECT id, email, display_name, role, password_hash, is_active FROM users ORDER BY id");
        var projects = await connection.QueryAsync("SELECT id, name, slug, status, label_config, manager_id FROM projects ORDER BY id");
        var assignments = await connection.QueryAsync("SELECT project_id, user_id FROM project_annotators ORDER BY project_id, user_id");
        return JsonSerializer.Serialize(new { users, projects, assignments });
    }

    internal static async Task<(string Status, string? Folder, string? Error)> BackupRunAsync(string connectionString, long runId)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        return await connection.QuerySingleAsync<(string, string?, string?)>(
            "SELECT status, folder, error FROM backup_runs WHERE id = @runId AND finished_at IS NOT NULL", new { runId });
    }

    private static async Task DropAndCreateDatabaseAsync(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        var name = settings.Database!;
        settings.Database = "postgres";
        settings.Pooling = false;
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync($"DROP DATABASE \"{name}\" WITH (FORCE)");
        await connection.ExecuteAsync($"CREATE DATABASE \"{name}\"");
    }

    // The test's own pooled connections died with the dropped database; each fails once when next used.
    private static async Task ForgetDroppedConnectionsAsync(Installation labelit)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            try
            {
                await labelit.ScalarAsync<int>("SELECT 1");
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException)
            {
            }
        }
    }

    internal static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
}
