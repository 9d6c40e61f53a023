using System.Diagnostics;
using Labelit.Data.Instances;
using Labelit.Worker.Tests.Support;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests;

public sealed class LabelConfigTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_changed_label_config_reaches_LS_and_one_LS_refuses_is_shown_while_the_instance_keeps_serving()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var project = await labelit.AddProjectAsync("Configs", manager);
        labelit.StartWorker();
        await labelit.WaitRunningAsync(project);

        var updated = Installation.LabelConfig.Replace("""<Choice value="B"/>""", """<Choice value="B"/><Choice value="C"/>""");
        var watch = Stopwatch.StartNew();
        await labelit.ExecuteAsync("UPDATE projects SET label_config = @updated WHERE id = @project", new { updated, project });
        await labelit.WaitUntilAsync(async () =>
        {
            using var session = await labelit.SignInAsync(project, manager);
            return (await session.OnlyProjectAsync())["label_config"]!.GetValue<string>() == updated;
        }, TimeSpan.FromSeconds(10), "LS has the new label config");
        labelit.Report($"Label config changed -> LS project updated: {watch.Elapsed.TotalMilliseconds:F0} ms");

        await labelit.ExecuteAsync("UPDATE projects SET label_config = '<View><Unclosed' WHERE id = @project", new { project });
        await labelit.WaitUntilAsync(async () => (await labelit.Store.GetRouteAsync(project))!.ProvisionError is not null,
            TimeSpan.FromSeconds(10), "the refusal is recorded");
        var route = (await labelit.Store.GetRouteAsync(project))!;
        Assert.Contains("label config", route.ProvisionError);
        Assert.True(route.IsRunning);
        using (var session = await labelit.SignInAsync(project, manager))
            Assert.Equal(updated, (await session.OnlyProjectAsync())["label_config"]!.GetValue<string>());

        await labelit.ExecuteAsync("UPDATE projects SET label_config = @LabelConfig WHERE id = @project", new { Installation.LabelConfig, project });
        await labelit.WaitUntilAsync(async () => (await labelit.Store.GetRouteAsync(project))!.ProvisionError is null,
            TimeSpan.FromSeconds(10), "the error clears once LS takes the config");
        Assert.Equal(InstanceStates.Running, (await labelit.Store.GetRouteAsync(project))!.State);
    }
}
