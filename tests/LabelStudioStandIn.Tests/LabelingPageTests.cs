using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Labelit.LabelStudioStandIn.Tests.Support;

namespace Labelit.LabelStudioStandIn.Tests;

/// <summary>The HTML a browser test drives: the data manager's task list and the labelling stream.</summary>
public sealed class LabelingPageTests
{
    [Fact]
    public async Task The_task_list_links_every_task_and_the_stream_moves_past_annotated_tasks()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var admin = standIn.CreateClient();
        var project = await ProjectRoundTripTests.CreateProject(admin);
        await admin.SendJsonAsync(HttpMethod.Post, $"/api/projects/{project}/import", Settings.AdminToken,
            new JsonArray(new JsonObject { ["data"] = new JsonObject { ["text"] = "first <b>text</b>" } },
                new JsonObject { ["data"] = new JsonObject { ["text"] = "second text" } }), 201);
        var tasks = (await admin.SendJsonAsync(HttpMethod.Get, $"/api/tasks/?project={project}", Settings.AdminToken))["tasks"]!.AsArray();
        using var browser = new LsBrowser(standIn);
        using var login = await browser.LoginAsync(Settings.AdminEmail, Settings.AdminPassword);

        var list = await browser.Client.GetStringAsync($"/projects/{project}/data");
        var firstInStream = await browser.Client.GetStringAsync($"/projects/{project}/data?labeling=1");
        await admin.SendJsonAsync(HttpMethod.Post, $"/api/tasks/{tasks[0]!["id"]}/annotations/", Settings.AdminToken,
            ProjectRoundTripTests.Annotation("Positive"), 201);
        var secondInStream = await browser.Client.GetStringAsync($"/projects/{project}/data?labeling=1");
        await admin.SendJsonAsync(HttpMethod.Post, $"/api/tasks/{tasks[1]!["id"]}/annotations/", Settings.AdminToken,
            ProjectRoundTripTests.Annotation("Negative"), 201);
        var done = await browser.Client.GetStringAsync($"/projects/{project}/data?labeling=1");

        foreach (var task in tasks)
            Assert.Contains($"id=\"label-task-{task!["id"]}\" href=\"/projects/{project}/data?task={task["id"]}\"", list);
        Assert.Equal(tasks[0]!["id"]!.ToString(), ShownTaskId(firstInStream));
        Assert.Contains("first &lt;b&gt;text&lt;/b&gt;", firstInStream);
        Assert.Contains("<label for=\"choice-sentiment-0\">Positive</label>", firstInStream);
        Assert.Contains("id=\"submit-annotation\"", firstInStream);
        Assert.Contains($"'/tasks/{tasks[0]!["id"]}/annotations/'", firstInStream);
        Assert.Equal(tasks[1]!["id"]!.ToString(), ShownTaskId(secondInStream));
        Assert.Contains("id=\"no-more-tasks\"", done);
    }

    [Fact]
    public async Task Pages_need_a_session()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var client = standIn.CreateClient();

        using var page = await client.GetAsync("/projects/");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/user/login/?next=", page.Headers.Location?.OriginalString);
    }

    private static string ShownTaskId(string html) =>
        Regex.Match(html, "id=\"labeling-task-id\">(\\d+)<").Groups[1].Value;
}
