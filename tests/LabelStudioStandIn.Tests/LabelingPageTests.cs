using System.Net;
using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.Tests.Support;

namespace Labelit.LabelStudioStandIn.Tests;

/// <summary>
/// The HTML a browser test drives: the data manager's task list and the labelling pages. As LS's own,
/// they carry no task: their script reads the list, the stream's next task and a task by id from the
/// API (BrowserLabelingTests drives them).
/// </summary>
public sealed class LabelingPageTests
{
    [Fact]
    public async Task The_task_list_and_labelling_pages_hold_no_task_of_their_own()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var admin = standIn.CreateClient();
        var project = await ProjectRoundTripTests.CreateProject(admin);
        await admin.SendJsonAsync(HttpMethod.Post, $"/api/projects/{project}/import", Settings.AdminToken,
            new JsonArray(new JsonObject { ["data"] = new JsonObject { ["text"] = "zebra crossing" } }), 201);
        var task = (await admin.SendJsonAsync(HttpMethod.Get, $"/api/tasks/?project={project}", Settings.AdminToken))["tasks"]![0]!["id"];
        using var browser = new LsBrowser(standIn);
        using var login = await browser.LoginAsync(Settings.AdminEmail, Settings.AdminPassword);

        var list = await browser.Client.GetStringAsync($"/projects/{project}/data");
        var stream = await browser.Client.GetStringAsync($"/projects/{project}/data?labeling=1");
        var byId = await browser.Client.GetStringAsync($"/projects/{project}/data?task={task}");

        foreach (var page in new[] { list, stream, byId })
        {
            Assert.DoesNotContain("zebra crossing", page);
            Assert.DoesNotContain("labeling-task-id\">", page);
        }
        Assert.Contains("'/tasks?page=' + page + '&page_size=30&view=' + views[0].id", list);
        Assert.Contains($"'/dm/actions?id=next_task&project={project}'", stream);
        Assert.Contains($"'/tasks/{task}/'", byId);
        Assert.Contains("<label for=\"choice-sentiment-0\">Positive</label>", stream);
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
}
