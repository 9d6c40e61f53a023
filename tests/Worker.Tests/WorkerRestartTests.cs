using Labelit.Worker.Instances;
using Labelit.Worker.Runtimes;
using Labelit.Worker.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests;

public sealed class WorkerRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_killed_Worker_restarts_adopting_its_instances_and_removing_orphans()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var projects = new List<long>();
        for (var i = 0; i < 3; i++)
            projects.Add(await labelit.AddProjectAsync($"Project {i}", manager));
        var first = labelit.StartWorker();
        foreach (var project in projects)
            await labelit.WaitRunningAsync(project);
        var before = (await labelit.InstancesAsync()).ToDictionary(i => i.ProjectId, i => i.Handle);

        first.Kill();
        Assert.Equal(3, (await labelit.LsProcessesAsync()).Count); // the instances outlive their Worker

        // A start the dead Worker never recorded: same instance key, not the recorded process.
        var orphanKey = (await labelit.InstanceAsync(projects[0]))!.InstanceKey;
        var orphanData = Labelit.TestSupport.TestDirectories.Create("labelit-orphan-");
        var runtime = new ProcessRuntime(Options.Create(new InstanceOptions
        {
            Command = $"dotnet \"{Labelit.TestSupport.RepositoryPaths.Assembly("tests/LabelStudioStandIn", "Labelit.LabelStudioStandIn")}\" start --port {{port}}",
        }), NullLogger<ProcessRuntime>.Instance);
        var orphan = await runtime.StartAsync(new InstanceLaunch(orphanKey, projects[0], 41999,
            new Dictionary<string, string> { ["LABEL_STUDIO_BASE_DATA_DIR"] = orphanData }), CancellationToken.None);
        Assert.Equal(4, (await labelit.LsProcessesAsync()).Count);

        labelit.StartWorker();
        var elapsed = await labelit.WaitUntilAsync(async () => (await labelit.LsProcessesAsync()).Count == 3,
            TimeSpan.FromSeconds(20), "the orphan is removed");
        labelit.Report($"Worker restart -> orphan removed: {elapsed.TotalSeconds:F1} s");
        await Task.Delay(TimeSpan.FromSeconds(3)); // a few reconcile passes: nothing may be started twice

        var after = await labelit.InstancesAsync();
        Assert.All(after, i => Assert.Equal(Labelit.Data.Instances.InstanceStates.Running, i.State));
        Assert.Equal(before, after.ToDictionary(i => i.ProjectId, i => i.Handle)); // adopted, not restarted
        var processes = await labelit.LsProcessesAsync();
        Assert.Equal(after.Select(i => i.Handle).Order(), processes.Select(p => p.Handle).Order());
        Assert.DoesNotContain(orphan, processes.Select(p => p.Handle));
        Directory.Delete(orphanData, recursive: true);
    }

    // Quarantined: in about one full CI run in three, a Worker stopped right after its instance came up
    // exits ("Application is shutting down...") without stopping that instance; the next Worker adopts
    // it, so nothing is lost. Open bug, see the closing note; un-skip once StopAllHeldAsync is fixed.
    [Fact]
    public async Task A_Worker_that_shuts_down_leaves_no_instance_behind_and_the_next_one_starts_them()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var project = await labelit.AddProjectAsync("Shutdown", manager);
        var worker = labelit.StartWorker();
        await labelit.WaitRunningAsync(project);
        // A running Worker (its host fully started), as a service manager would stop it. A Worker ended
        // while still starting leaves its instances to the next one, which adopts them (tested above).
        await labelit.WaitUntilAsync(() => Task.FromResult(worker.Output.Contains("Application started")),
            TimeSpan.FromSeconds(30), "the Worker has started");

        await worker.DisposeAsync(); // SIGTERM, as the AppHost or a service manager stops it
        Assert.Empty(await labelit.LsProcessesAsync());
        var stopped = (await labelit.InstanceAsync(project))!;
        Assert.Equal(Labelit.Data.Instances.InstanceStates.Stopped, stopped.State);
        Assert.Contains("Worker shut down", stopped.Reason);

        labelit.StartWorker();
        await labelit.WaitRunningAsync(project);
        Assert.Single(await labelit.LsProcessesAsync());
    }

    [Fact]
    public async Task Two_Workers_on_one_database_never_start_the_same_instance_twice()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var annotator = await labelit.AddUserAsync("ann");
        labelit.StartWorker("worker-a");
        labelit.StartWorker("worker-b");
        await Task.Delay(TimeSpan.FromSeconds(2)); // both listening: each change reaches both at once

        var projects = new List<long>();
        for (var i = 0; i < 6; i++)
            projects.Add(await labelit.AddProjectAsync($"Shared {i}", manager, annotator));
        foreach (var project in projects)
            await labelit.WaitRunningAsync(project);
        await Task.Delay(TimeSpan.FromSeconds(3)); // more passes of both Workers

        var instances = await labelit.InstancesAsync();
        var processes = await labelit.LsProcessesAsync();
        Assert.Equal(6, processes.Count);
        Assert.Equal(instances.Select(i => i.Handle).Order(), processes.Select(p => p.Handle).Order());
        Assert.Equal(6, instances.Select(i => i.Port).Distinct().Count());
        Assert.All(instances, i => Assert.Contains(i.LeaseOwner, new[] { "worker-a", "worker-b" }));
        labelit.Report("Leases: " + string.Join(", ", instances.GroupBy(i => i.LeaseOwner).Select(g => $"{g.Key}={g.Count()}")));
        // One LS account each, signed up once: a second signup would have failed or duplicated it.
        foreach (var project in projects)
            using (var session = await labelit.SignInAsync(project, annotator)) { }
    }
}
