using Labelit.Worker.Tests.Support;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests.Progress;

public sealed class ProgressReadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Annotations_made_in_label_studio_reach_postgres_progress_within_the_schedule_reading_only_changes()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var ada = await labelit.AddUserAsync("ada");
        var bob = await labelit.AddUserAsync("bob");
        var project = await labelit.AddProjectAsync("Progress", manager, ada, bob);
        labelit.StartWorker("worker-a", new Dictionary<string, string> { ["Scheduling__IntervalUnit"] = "00:00:01" }); // a read every second
        await labelit.WaitRunningAsync(project);
        await labelit.WaitUntilAsync(async () => await labelit.AccountStateAsync(project, ada) == "active"
            && await labelit.AccountStateAsync(project, bob) == "active", TimeSpan.FromSeconds(60), "both annotators have LS accounts");

        using var adaInLs = await labelit.SignInAsync(project, ada);
        using var bobInLs = await labelit.SignInAsync(project, bob);
        var lsProject = (await adaInLs.OnlyProjectAsync())["id"]!.GetValue<int>();
        var adaTasks = new List<int>();
        for (var i = 0; i < 3; i++)
            adaTasks.Add(await adaInLs.AnnotateNewTaskAsync(lsProject, $"ada {i}", "A"));
        await bobInLs.AnnotateNewTaskAsync(lsProject, "bob 0", "B");
        await bobInLs.SkipTaskAsync(adaTasks[0]);

        var waited = await labelit.WaitUntilAsync(async () => await DoneByAsync(labelit, project, ada) == 3 && await DoneByAsync(labelit, project, bob) == 1,
            TimeSpan.FromSeconds(30), "each annotator's labelled tasks are in progress_annotations");
        labelit.Report($"Annotations reached PostgreSQL {waited.TotalSeconds:0.0} s after they were made");
        Assert.Equal(4, await labelit.ScalarAsync<int>("SELECT tasks_total FROM progress_reads WHERE project_id = @project", new { project }));
        Assert.Equal(4, await labelit.ScalarAsync<int>("SELECT count(*) FROM progress_tasks WHERE project_id = @project AND labelled", new { project }));
        Assert.Equal(1, await labelit.ScalarAsync<int>(
            "SELECT count(*) FROM progress_annotations WHERE project_id = @project AND user_id = @bob AND was_cancelled", new { project, bob }));

        // Incremental: a task nobody touched is not read again. Once the reads have moved past it,
        // forget one in PostgreSQL; the next reads bring Bob's new annotation but leave the forgotten,
        // unchanged task forgotten.
        await Task.Delay(ProgressOverlapPlus());
        await labelit.ExecuteAsync("DELETE FROM progress_tasks WHERE project_id = @project AND ls_task_id = @task", new { project, task = adaTasks[2] });
        await bobInLs.AnnotateTaskAsync(adaTasks[1], "B");
        await labelit.WaitUntilAsync(async () => await DoneByAsync(labelit, project, bob) == 2, TimeSpan.FromSeconds(30), "Bob's second annotation is read");
        await Task.Delay(TimeSpan.FromSeconds(2)); // two more reads
        Assert.Equal(0, await labelit.ScalarAsync<int>("SELECT count(*) FROM progress_tasks WHERE project_id = @project AND ls_task_id = @task",
            new { project, task = adaTasks[2] }));
        Assert.Equal(3, await labelit.ScalarAsync<int>("SELECT count(*) FROM progress_tasks WHERE project_id = @project AND labelled", new { project }));
        Assert.Null(await labelit.ScalarAsync<string?>("SELECT failure FROM progress_reads WHERE project_id = @project", new { project }));
        // Ada chose A and Bob B on the one task both labelled: they disagree there, and nowhere else was compared.
        Assert.Equal([(adaTasks[1], 0.0)], (await labelit.QueryAsync<(int, double)>(
            "SELECT ls_task_id, agreement FROM progress_agreement WHERE project_id = @project", new { project })).ToList());
    }

    // Reads start a little before where the last one stopped (ProgressReader.Overlap); past it, a task
    // is read again only when it changed.
    private static TimeSpan ProgressOverlapPlus() => Labelit.Worker.Progress.ProgressReader.Overlap + TimeSpan.FromSeconds(2);

    private static Task<int> DoneByAsync(Installation labelit, long project, long user) => labelit.ScalarAsync<int>(
        "SELECT count(DISTINCT ls_task_id) FROM progress_annotations WHERE project_id = @project AND user_id = @user AND NOT was_cancelled",
        new { project, user });
}
