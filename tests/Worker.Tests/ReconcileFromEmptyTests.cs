using Labelit.Data.Instances;
using Labelit.Worker.Tests.Support;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests;

public sealed class ReconcileFromEmptyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Active_projects_get_a_provisioned_instance_and_paused_ones_get_none()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var ann1 = await labelit.AddUserAsync("ann1");
        var ann2 = await labelit.AddUserAsync("ann2");
        var birds = await labelit.AddProjectAsync("Birds", manager, ann1, ann2);
        var cars = await labelit.AddProjectAsync("Cars", manager, ann2);
        var paused = await labelit.AddProjectAsync("Paused one", manager, ann1);
        await labelit.ExecuteAsync("UPDATE projects SET status = 'Paused' WHERE id = @paused", new { paused });

        labelit.StartWorker();
        var elapsed = await labelit.WaitRunningAsync(birds);
        await labelit.WaitRunningAsync(cars);
        labelit.Report($"Empty to two running, provisioned instances: {elapsed.TotalSeconds:F1} s");

        // Each person signs in to LS as themselves, with the credentials the proxy will use,
        // and finds the project with Labelit's label config.
        foreach (var (project, user) in new[] { (birds, ann1), (birds, ann2), (birds, manager), (cars, ann2), (cars, manager) })
        {
            using var session = await labelit.SignInAsync(project, user);
            Assert.Equal(await labelit.EmailOfAsync(user), await session.WhoAmIAsync());
            var lsProject = await session.OnlyProjectAsync();
            Assert.Equal(Installation.LabelConfig, lsProject["label_config"]!.GetValue<string>());
        }
        Assert.Null(await labelit.Store.GetCredentialsAsync(cars, ann1)); // not assigned to Cars

        var route = await labelit.Store.GetRouteAsync(birds);
        Assert.Equal("birds", route!.Slug);
        Assert.StartsWith("http://127.0.0.1:", route.Address);
        Assert.Null(await labelit.InstanceAsync(paused));
        Assert.Equal(2, (await labelit.LsProcessesAsync()).Count);

        // Pausing a project stops its instance; its state says why.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await labelit.ExecuteAsync("UPDATE projects SET status = 'Paused' WHERE id = @cars", new { cars });
        await labelit.WaitUntilAsync(async () => (await labelit.InstanceAsync(cars))!.State == InstanceStates.Stopped,
            TimeSpan.FromSeconds(15), "the paused project's instance stops");
        labelit.Report($"Project paused -> instance stopped: {watch.Elapsed.TotalMilliseconds:F0} ms");
        var stopped = await labelit.InstanceAsync(cars);
        Assert.Equal("The project is Paused.", stopped!.Reason);
        Assert.Null((await labelit.Store.GetRouteAsync(cars))!.Address);
        Assert.Single(await labelit.LsProcessesAsync());
    }
}
