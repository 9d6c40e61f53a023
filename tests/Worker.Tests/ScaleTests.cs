using System.Diagnostics;
using Labelit.Data.Instances;
using Labelit.Worker.Tests.Support;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests;

public sealed class ScaleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Twenty_projects_created_at_once_all_get_healthy_instances()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var annotator = await labelit.AddUserAsync("ann");
        var worker = labelit.StartWorker();
        await Task.Delay(TimeSpan.FromSeconds(2)); // the Worker is up and listening before the burst

        var watch = Stopwatch.StartNew();
        await labelit.ExecuteAsync("""
            WITH created AS (
                INSERT INTO projects (name, slug, label_config, manager_id)
                SELECT 'Bulk ' || n, 'bulk-' || n, @LabelConfig, @manager FROM generate_series(1, 20) n RETURNING id)
            INSERT INTO project_annotators (project_id, user_id) SELECT id, @annotator FROM created
            """, new { Installation.LabelConfig, manager, annotator });
        await labelit.WaitUntilAsync(async () => (await labelit.InstancesAsync()) is { Count: 20 } all && all.All(i => i.State == InstanceStates.Running),
            TimeSpan.FromSeconds(120), "twenty instances run");
        labelit.Report($"Twenty projects created -> twenty running, provisioned instances: {watch.Elapsed.TotalSeconds:F1} s");

        using var http = new HttpClient();
        foreach (var route in await labelit.Store.GetRoutesAsync())
            Assert.Contains("UP", await http.GetStringAsync(route.Address + "/health/"));
        Assert.Equal(20, (await labelit.LsProcessesAsync()).Count);
        labelit.Report($"Worker RSS with twenty instances: {worker.ResidentBytes() / (1024.0 * 1024):F0} MiB");
    }

    [Fact]
    public async Task An_idle_instance_is_stopped_and_a_request_starts_it_again_with_its_data()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var annotator = await labelit.AddUserAsync("ann");
        var project = await labelit.AddProjectAsync("Sleepy", manager, annotator);
        labelit.StartWorker(overrides: new Dictionary<string, string> { ["Instances__IdleTimeout"] = "00:00:03" });
        await labelit.WaitRunningAsync(project);
        int taskId;
        using (var session = await labelit.SignInAsync(project, annotator))
            taskId = await session.AnnotateNewTaskAsync((await session.OnlyProjectAsync())["id"]!.GetValue<int>(), "an owl", "A");
        var credentials = await labelit.Store.GetCredentialsAsync(project, annotator);

        await labelit.WaitUntilAsync(async () => (await labelit.InstanceAsync(project))!.State == InstanceStates.Stopped,
            TimeSpan.FromSeconds(15), "the idle instance stops");
        var stopped = (await labelit.Store.GetRouteAsync(project))!;
        Assert.True(stopped.Suspended);
        Assert.Null(stopped.Address);
        Assert.Contains("without use", stopped.Reason);
        Assert.Empty(await labelit.LsProcessesAsync());

        var watch = Stopwatch.StartNew();
        await labelit.Store.RequestStartAsync(project);
        await labelit.WaitRunningAsync(project, TimeSpan.FromSeconds(30));
        labelit.Report($"Start requested -> idle instance running again: {watch.Elapsed.TotalSeconds:F1} s");

        Assert.Equal(credentials, await labelit.Store.GetCredentialsAsync(project, annotator));
        using var again = await labelit.SignInAsync(project, annotator);
        Assert.Equal(["A"], await again.ChoicesOfAsync(taskId));
    }
}

public sealed class StoreTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Touch_records_activity_at_most_once_per_interval()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var project = await labelit.AddProjectAsync("Touchy", manager);
        await labelit.Store.RequestStartAsync(project); // creates the row, as a first request would
        await labelit.ExecuteAsync("UPDATE ls_instances SET last_activity_at = now() - interval '1 hour'");

        await labelit.Store.TouchAsync(project); // within the interval of the request: not written
        Assert.True(await labelit.ScalarAsync<bool>("SELECT last_activity_at < now() - interval '59 minutes' FROM ls_instances"));

        var fresh = labelit.NewStore(); // another Web process: its own throttle
        await fresh.TouchAsync(project);
        Assert.True(await labelit.ScalarAsync<bool>("SELECT last_activity_at > now() - interval '1 minute' FROM ls_instances"));
    }
}
