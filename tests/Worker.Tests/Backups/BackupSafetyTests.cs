using Labelit.Worker.Backups;
using Labelit.Worker.Tests.Support;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests.Backups;

/// <summary>What must never happen: a half backup that looks whole, a damaged backup restored, old backups piling up.</summary>
public sealed class BackupSafetyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_run_stopped_in_the_middle_leaves_no_folder_that_looks_like_a_backup()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var manager = await labelit.AddUserAsync("manager", "Manager");
        await labelit.AddProjectAsync("Waiting", manager);
        var root = Path.Combine(labelit.DataDirectory, "backups");
        using var backups = BackupHost.Create(labelit, root);
        // No Worker runs, so the run dumps the database, then waits for the project's Label Studio.
        using var stop = new CancellationTokenSource();
        var run = backups.Runner.RunAsync(stop.Token);
        await labelit.WaitUntilAsync(() => Task.FromResult(Directory.Exists(root)
                && Directory.GetFiles(root, BackupRunner.DatabaseFile, SearchOption.AllDirectories).Length > 0),
            TimeSpan.FromSeconds(20), "the run has dumped the database");
        await Task.Delay(200);

        stop.Cancel(); // what a Worker shutting down does to its running job

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Empty(Directory.GetFileSystemEntries(root));
        Assert.Empty(BackupFolders.CompleteBackups(root));
        var runId = await labelit.ScalarAsync<long>("SELECT max(id) FROM backup_runs");
        var (status, folder, error) = await BackupRestoreTests.BackupRunAsync(labelit.ConnectionString, runId);
        Assert.Equal(("cancelled", null), (status, folder));
        Assert.Contains("no backup", error);
    }

    [Fact]
    public async Task A_crashed_runs_leftover_is_refused_by_restore_and_removed_by_a_later_run()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var root = Path.Combine(labelit.DataDirectory, "backups");
        using var backups = BackupHost.Create(labelit, root);
        var first = await backups.Runner.RunAsync(CancellationToken.None);
        // A run killed just before its rename leaves everything but the manifest, under its .incomplete- name.
        var leftover = Path.Combine(root, BackupFolders.IncompletePrefix + "20200101-000000-deadbeef");
        Directory.CreateDirectory(leftover);
        File.Copy(Path.Combine(first.Folder, BackupRunner.DatabaseFile), Path.Combine(leftover, BackupRunner.DatabaseFile));
        Directory.SetLastWriteTimeUtc(leftover, DateTime.UtcNow.AddHours(-2));

        var refused = await WorkerCommand.RunAsync(labelit, "restore-backup", leftover);
        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("is not a complete backup", refused.Errors);
        var missing = await WorkerCommand.RunAsync(labelit, "restore-backup", Path.Combine(root, "20200101-000000"));
        Assert.True(missing.ExitCode == 1, missing.ToString());
        Assert.Contains("There is no backup folder at", missing.Errors);

        await backups.Runner.RunAsync(CancellationToken.None);
        Assert.False(Directory.Exists(leftover));
        Assert.Equal(2, BackupFolders.CompleteBackups(root).Count);
    }

    [Fact]
    public async Task A_damaged_file_makes_both_restore_steps_refuse_and_change_nothing()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var alice = await labelit.AddUserAsync("alice");
        var project = await labelit.AddProjectAsync("Damaged", manager, alice);
        var worker = labelit.StartWorker();
        await labelit.WaitRunningAsync(project);
        var root = Path.Combine(labelit.DataDirectory, "..", $"backups-{Guid.NewGuid():N}");
        try
        {
            using var backups = BackupHost.Create(labelit, root);
            await BackupRestoreTests.ImportAsync(backups, project, "a crow", "a swan");
            var backup = await backups.Runner.RunAsync(CancellationToken.None);
            var file = Path.Combine(backup.Folder, "projects", "damaged.json");
            File.WriteAllText(file, File.ReadAllText(file).Replace("a crow", "a crew", StringComparison.Ordinal));
            // Made after the backup: a restore that went ahead would remove this user, and emptying the project would let step 2 import.
            var late = await labelit.AddUserAsync("late");
            await labelit.ExecuteAsync("DELETE FROM project_annotators WHERE project_id = @project", new { project });

            var lsRestore = await WorkerCommand.RunAsync(labelit, "restore-label-studio", backup.Folder, "--wait-seconds", "5");
            Assert.True(lsRestore.ExitCode == 1, lsRestore.ToString());
            Assert.Contains("damaged.json does not match the manifest", lsRestore.Errors);
            Assert.Equal(2, (await backups.SnapshotAsync(project)).Tasks.Count);

            await worker.DisposeAsync();
            var dbRestore = await WorkerCommand.RunAsync(labelit, "restore-backup", backup.Folder, "--force");
            Assert.True(dbRestore.ExitCode == 1, dbRestore.ToString());
            Assert.Contains("damaged.json does not match the manifest", dbRestore.Errors);
            Assert.Contains("Nothing was restored", dbRestore.Errors);
            Assert.Equal(1, await labelit.ScalarAsync<long>("SELECT count(*) FROM users WHERE id = @late", new { late }));
            Assert.Equal(0, await labelit.ScalarAsync<long>("SELECT count(*) FROM project_annotators"));
        }
        finally
        {
            BackupFolders.TryDelete(root);
        }
    }

    [Fact]
    public async Task Only_the_newest_backups_are_kept()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var root = Path.Combine(labelit.DataDirectory, "backups");
        var clock = new SteppedClock(new DateTimeOffset(2026, 11, 1, 3, 0, 0, TimeSpan.Zero));
        using var backups = BackupHost.Create(labelit, root, new Dictionary<string, string?> { ["Backups:Keep"] = "2" }, clock);
        var folders = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            folders.Add((await backups.Runner.RunAsync(CancellationToken.None)).Folder);
            clock.Advance(TimeSpan.FromHours(12));
        }
        Assert.Equal(["20261101-030000", "20261101-150000", "20261102-030000"], folders.Select(Path.GetFileName));
        Assert.Equal(folders[1..], BackupFolders.CompleteBackups(root));
        Assert.Equal(3, await labelit.ScalarAsync<long>("SELECT count(*) FROM backup_runs WHERE status = 'succeeded'"));
    }

    private sealed class SteppedClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
