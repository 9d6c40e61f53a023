using System.Diagnostics;
using System.Text.Json.Nodes;
using Labelit.Worker.Backups;
using Labelit.Worker.Tests.Support;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests.Backups;

/// <summary>A project of realistic size survives a backup and a restore in batches; the figures are printed, not asserted.</summary>
public sealed class BackupScaleTests(ITestOutputHelper output)
{
    private const int TaskCount = 10_000;

    [Fact]
    public async Task Ten_thousand_tasks_are_backed_up_and_restored_into_a_fresh_label_studio()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var alice = await labelit.AddUserAsync("alice");
        var project = await labelit.AddProjectAsync("Big", manager, alice);
        var worker = labelit.StartWorker();
        await labelit.WaitRunningAsync(project);
        var root = Path.Combine(labelit.DataDirectory, "..", $"backups-{Guid.NewGuid():N}");
        try
        {
            using var backups = BackupHost.Create(labelit, root);
            var target = await backups.Instances.WaitAsync(project, TimeSpan.FromSeconds(30), CancellationToken.None);
            var aliceLsId = (await labelit.Store.GetCredentialsAsync(project, alice))!.LsUserId;
            // Every other task carries alice's annotation, as an import of earlier work would.
            var tasks = new JsonArray(Enumerable.Range(0, TaskCount).Select(i => (JsonNode)new JsonObject
            {
                ["data"] = new JsonObject { ["text"] = $"sentence {i} " + new string('x', 200) },
                ["annotations"] = i % 2 == 0 ? new JsonArray() : new JsonArray(new JsonObject
                {
                    ["completed_by"] = aliceLsId,
                    ["result"] = new JsonArray(new JsonObject
                    {
                        ["from_name"] = "label", ["to_name"] = "text", ["type"] = "choices",
                        ["value"] = new JsonObject { ["choices"] = new JsonArray(i % 3 == 0 ? "A" : "B") },
                    }),
                }),
            }).ToArray());
            await backups.Tasks.ImportAsync(target, tasks, CancellationToken.None);
            var before = await backups.SnapshotAsync(project);

            var watch = Stopwatch.StartNew();
            var backup = await backups.Runner.RunAsync(CancellationToken.None);
            var backupTime = watch.Elapsed;
            var entry = backup.Manifest.Projects.Single();
            Assert.Equal((TaskCount, TaskCount / 2), (entry.TaskCount, entry.AnnotationCount));

            // Only the LS data is lost this time: the database still knows every account.
            await worker.DisposeAsync();
            Directory.Delete(labelit.DataDirectory, recursive: true);
            Directory.CreateDirectory(labelit.DataDirectory);
            labelit.StartWorker();
            await labelit.WaitRunningAsync(project);

            watch.Restart();
            var restored = await WorkerCommand.RunAsync(labelit, "restore-label-studio", backup.Folder);
            var restoreTime = watch.Elapsed;
            Assert.True(restored.ExitCode == 0, restored.ToString());
            Assert.Equal(before.Tasks, (await backups.SnapshotAsync(project)).Tasks);

            labelit.Report($"{TaskCount} tasks, {TaskCount / 2} annotations: backup {backupTime.TotalSeconds:F1} s " +
                $"(raw JSON {entry.File!.Bytes / 1024.0 / 1024.0:F1} MiB, dump {backup.Manifest.Database.Bytes / 1024.0:F0} KiB); " +
                $"restore-label-studio {restoreTime.TotalSeconds:F1} s including its start");
        }
        finally
        {
            BackupFolders.TryDelete(root);
        }
    }
}
