using Labelit.Data.Instances;
using Labelit.Worker.Runtimes;
using Labelit.Worker.Tests.Support;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests;

public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_killed_instance_is_restarted_and_reprovisioned_without_losing_annotations()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var annotator = await labelit.AddUserAsync("ann");
        var project = await labelit.AddProjectAsync("Crashy", manager, annotator);
        labelit.StartWorker(overrides: new Dictionary<string, string> { ["Instances__RestartBackoff"] = "00:00:02" });
        await labelit.WaitRunningAsync(project);

        int taskId;
        using (var session = await labelit.SignInAsync(project, annotator))
        {
            var lsProject = await session.OnlyProjectAsync();
            taskId = await session.AnnotateNewTaskAsync(lsProject["id"]!.GetValue<int>(), "a crow", "B");
        }
        var before = (await labelit.InstanceAsync(project))!;

        LinuxProcesses.Signal(before.Pid!.Value, LinuxProcesses.SigKill);

        // The crash is recorded with its reason, then the instance comes back after the backoff.
        await labelit.WaitUntilAsync(async () => (await labelit.InstanceAsync(project))!.State == InstanceStates.Failed,
            TimeSpan.FromSeconds(10), "the crash is recorded");
        var failed = (await labelit.InstanceAsync(project))!;
        Assert.Contains($"process {before.Pid} stopped", failed.Reason);
        // One more failure than before the kill: a first start may already have failed once (a port taken
        // between the Worker's choice and LS's bind, by another test's server).
        Assert.Equal(before.FailureCount + 1, failed.FailureCount);
        Assert.Null((await labelit.Store.GetRouteAsync(project))!.Address);

        var elapsed = await labelit.WaitRunningAsync(project);
        labelit.Report($"Crash recorded -> running again (2 s backoff): {elapsed.TotalSeconds:F1} s");
        var after = (await labelit.InstanceAsync(project))!;
        Assert.NotEqual(before.Handle, after.Handle);
        Assert.Equal(before.LsProjectId, after.LsProjectId);

        using var again = await labelit.SignInAsync(project, annotator);
        Assert.Equal(["B"], await again.ChoicesOfAsync(taskId));
        Assert.Single(await labelit.LsProcessesAsync());
    }

    [Fact]
    public async Task A_hung_instance_is_restarted()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var project = await labelit.AddProjectAsync("Hangs", manager);
        labelit.StartWorker(overrides: new Dictionary<string, string>
        {
            ["Instances__HealthProbeTimeout"] = "00:00:00.5",
            ["Instances__UnhealthyThreshold"] = "2",
            ["Instances__RestartBackoff"] = "00:00:02",
        });
        await labelit.WaitRunningAsync(project);
        var before = (await labelit.InstanceAsync(project))!;

        LinuxProcesses.Signal(before.Pid!.Value, LinuxProcesses.SigStop); // alive, but answers nothing

        await labelit.WaitUntilAsync(async () => (await labelit.InstanceAsync(project))!.State == InstanceStates.Failed,
            TimeSpan.FromSeconds(15), "the hung instance is noticed");
        Assert.Contains("did not answer GET /health/ 2 times", (await labelit.InstanceAsync(project))!.Reason);
        await labelit.WaitRunningAsync(project);
        Assert.Equal([(await labelit.InstanceAsync(project))!.Handle], (await labelit.LsProcessesAsync()).Select(p => p.Handle));
    }

    [Fact]
    public async Task An_instance_that_cannot_start_is_failed_with_its_output_and_retried_with_growing_backoff()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var project = await labelit.AddProjectAsync("Broken", manager);
        // The stand-in refuses a malformed port, as label-studio refuses bad options: it exits at once.
        labelit.StartWorker(overrides: new Dictionary<string, string>
        {
            ["Instances__Command"] = $"dotnet \"{Labelit.TestSupport.RepositoryPaths.Assembly("tests/LabelStudioStandIn", "Labelit.LabelStudioStandIn")}\" start --port not-a-port",
            ["Instances__RestartBackoff"] = "00:00:00.5",
        });

        await labelit.WaitUntilAsync(async () => (await labelit.InstanceAsync(project))?.FailureCount >= 3,
            TimeSpan.FromSeconds(30), "three failed starts");
        var failed = (await labelit.InstanceAsync(project))!;
        Assert.Equal(InstanceStates.Failed, failed.State);
        Assert.Contains("--port must be a TCP port number", failed.Reason);
        var retryIn = await labelit.ScalarAsync<double>("SELECT EXTRACT(EPOCH FROM retry_at - updated_at) FROM ls_instances WHERE project_id = @project", new { project });
        Assert.InRange(retryIn, 0.5 * Math.Pow(2, failed.FailureCount - 1) - 0.1, 0.5 * Math.Pow(2, failed.FailureCount - 1) + 0.1);
        Assert.Empty(await labelit.LsProcessesAsync());
    }
}
