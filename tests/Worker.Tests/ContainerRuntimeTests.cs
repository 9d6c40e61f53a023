using Labelit.Data.Instances;
using Labelit.TestSupport;
using Labelit.Worker.Runtimes;
using Labelit.Worker.Tests.Support;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests;

/// <summary>
/// The container runtime against a real engine: podman's Docker-compatible API, with a local
/// Debian image in which the stand-in runs (the .NET runtime and the stand-in bind-mounted).
/// </summary>
public sealed class ContainerRuntimeTests(ITestOutputHelper output)
{
    [PodmanFact]
    public async Task Containers_are_started_labelled_restarted_with_their_volume_and_removed_when_paused()
    {
        await using var podman = await PodmanService.StartAsync();
        await using var labelit = await Installation.CreateAsync(output);
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var annotator = await labelit.AddUserAsync("ann");
        var project = await labelit.AddProjectAsync("Boxed", manager, annotator);
        var dotnetRoot = Path.GetDirectoryName(Environment.ProcessPath!)!;
        var standInDirectory = Path.GetDirectoryName(RepositoryPaths.Assembly("tests/LabelStudioStandIn", "Labelit.LabelStudioStandIn"))!;
        labelit.StartWorker(overrides: new Dictionary<string, string>
        {
            ["Instances__Runtime"] = "Container",
            ["Instances__Container__Socket"] = podman.Socket,
            ["Instances__Container__Image"] = PodmanService.Image,
            ["Instances__Container__HostNetwork"] = "true",
            ["Instances__Container__Command"] = "/usr/share/dotnet/dotnet /standin/Labelit.LabelStudioStandIn.dll start --no-browser --internal-host {host} --port {port}",
            ["Instances__Container__Binds__0"] = $"{dotnetRoot}:/usr/share/dotnet:ro",
            ["Instances__Container__Binds__1"] = $"{standInDirectory}:/standin:ro",
        });
        try
        {
            var elapsed = await labelit.WaitRunningAsync(project, TimeSpan.FromSeconds(90));
            labelit.Report($"Container instance running and provisioned: {elapsed.TotalSeconds:F1} s");
            var instance = (await labelit.InstanceAsync(project))!;
            Assert.Equal(ContainerRuntime.ContainerName(instance.InstanceKey), instance.Handle);
            Assert.Equal(instance.Handle, PodmanService.Output("ps", "--all", "--filter", $"label={ContainerRuntime.KeyLabel}={instance.InstanceKey}", "--format", "{{.Names}}").Trim());

            int taskId;
            using (var session = await labelit.SignInAsync(project, annotator))
                taskId = await session.AnnotateNewTaskAsync((await session.OnlyProjectAsync())["id"]!.GetValue<int>(), "a boxed bird", "A");

            // The container dies: the Worker records it, starts a new one on the same volume.
            Assert.Equal(0, PodmanService.Run("kill", instance.Handle!));
            await labelit.WaitUntilAsync(async () => (await labelit.InstanceAsync(project))!.FailureCount == 1,
                TimeSpan.FromSeconds(15), "the dead container is noticed");
            await labelit.WaitRunningAsync(project, TimeSpan.FromSeconds(60));
            using (var session = await labelit.SignInAsync(project, annotator))
                Assert.Equal(["A"], await session.ChoicesOfAsync(taskId));

            // Paused: the container goes, the volume (the project's LS data) stays.
            await labelit.ExecuteAsync("UPDATE projects SET status = 'Paused' WHERE id = @project", new { project });
            await labelit.WaitUntilAsync(async () => (await labelit.InstanceAsync(project))!.State == InstanceStates.Stopped,
                TimeSpan.FromSeconds(30), "the paused project's container is removed");
            Assert.NotEqual(0, PodmanService.Run("container", "exists", instance.Handle!));
            Assert.Equal(0, PodmanService.Run("volume", "exists", ContainerRuntime.VolumeName(instance.InstanceKey)));
        }
        finally
        {
            foreach (var instance in await labelit.InstancesAsync())
            {
                PodmanService.Run("rm", "--force", ContainerRuntime.ContainerName(instance.InstanceKey));
                PodmanService.Run("volume", "rm", "--force", ContainerRuntime.VolumeName(instance.InstanceKey));
            }
        }
    }
}
