using System.Net;
using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.Tests.Support;

namespace Labelit.LabelStudioStandIn.Tests;

public sealed class DurabilityTests
{
    [Fact]
    public async Task A_killed_and_restarted_instance_keeps_users_sessions_projects_tasks_and_annotations()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var admin = standIn.CreateClient();
        var project = await ProjectRoundTripTests.CreateProject(admin, "Survives restarts");
        await admin.SendJsonAsync(HttpMethod.Post, $"/api/projects/{project}/import", Settings.AdminToken,
            new JsonArray(new JsonObject { ["data"] = new JsonObject { ["text"] = "kept" } }), 201);
        var taskId = (await admin.SendJsonAsync(HttpMethod.Get, $"/api/tasks/?project={project}", Settings.AdminToken))["tasks"]![0]!["id"]!.GetValue<int>();
        using var annotator = await ProjectRoundTripTests.SignUpAnnotator(standIn, admin, "stays@labelit.test");
        using (var created = await annotator.Client.SendAsync(Http.Json(HttpMethod.Post, $"/api/tasks/{taskId}/annotations/", ProjectRoundTripTests.Annotation("Positive"))))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        await standIn.RestartAsync();

        var task = await admin.SendJsonAsync(HttpMethod.Get, $"/api/tasks/{taskId}/", Settings.AdminToken);
        using var sameSession = await annotator.Client.GetAsync("/api/current-user/whoami");
        using var freshLogin = await new LsBrowser(standIn).LoginAsync("stays@labelit.test", "annotator-pass");
        var projectAfter = await admin.SendJsonAsync(HttpMethod.Get, $"/api/projects/{project}/", Settings.AdminToken);

        Assert.Equal("kept", task["data"]!["text"]!.GetValue<string>());
        Assert.Single(task["annotations"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, sameSession.StatusCode);
        Assert.Equal("stays@labelit.test", (await sameSession.ReadJsonAsync())["email"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Redirect, freshLogin.StatusCode);
        Assert.Equal("Survives restarts", projectAfter["title"]!.GetValue<string>());
        Assert.Equal(1, projectAfter["total_annotations_number"]!.GetValue<int>());
    }

    [Fact]
    public async Task Imports_survive_a_kill_and_a_last_journal_line_cut_short_is_dropped()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var admin = standIn.CreateClient();
        var project = await ProjectRoundTripTests.CreateProject(admin, "Imports survive");
        await admin.SendJsonAsync(HttpMethod.Post, $"/api/projects/{project}/import", Settings.AdminToken, new JsonArray(
            new JsonObject { ["data"] = new JsonObject { ["text"] = "first" } },
            new JsonObject
            {
                ["data"] = new JsonObject { ["text"] = "second" },
                ["annotations"] = new JsonArray(new JsonObject { ["result"] = new JsonArray() }),
            }), 201);
        await admin.SendJsonAsync(HttpMethod.Post, $"/api/projects/{project}/import", Settings.AdminToken,
            new JsonArray(new JsonObject { ["data"] = new JsonObject { ["text"] = "third" } }), 201);

        standIn.Kill();
        // A kill in the middle of an append leaves half a line; that import was never answered.
        File.AppendAllText(Path.Combine(standIn.DataDirectory, "standin-journal.jsonl"), "{\"sequence\":99,\"tasks\":[{\"id\":");
        await standIn.RestartAsync();
        await admin.SendJsonAsync(HttpMethod.Post, $"/api/projects/{project}/import", Settings.AdminToken,
            new JsonArray(new JsonObject { ["data"] = new JsonObject { ["text"] = "after the restart" } }), 201);
        await standIn.RestartAsync();

        var list = await admin.SendJsonAsync(HttpMethod.Get, $"/api/tasks/?project={project}", Settings.AdminToken);
        var tasks = list["tasks"]!.AsArray();
        Assert.Equal(["first", "second", "third", "after the restart"], tasks.Select(t => t!["data"]!["text"]!.GetValue<string>()));
        Assert.Equal(4, tasks.Select(t => t!["id"]!.GetValue<int>()).Distinct().Count());
        Assert.Equal(1, list["total_annotations"]!.GetValue<int>());
    }
}
