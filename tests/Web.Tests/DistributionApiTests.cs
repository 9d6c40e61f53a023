using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Labelit.Web.Accounts;
using Labelit.Web.Projects;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Labelit.Web.Tests;

/// <summary>Distribution settings and shares on the API: bad input refused with a reason and nothing stored; assignment changes rebalance at once.</summary>
public sealed class DistributionApiTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    private string Distribution => $"/api/v1/projects/{app.Project.Id}/distribution/";

    private async Task AddTasksAsync(long projectId, int count)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.ExecuteAsync("""
            INSERT INTO progress_tasks (project_id, ls_task_id, labelled, skipped, updated_at)
            SELECT @projectId, g, false, false, now() FROM generate_series(1, @count) g ON CONFLICT DO NOTHING
            """, new { projectId, count });
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>();

    [Fact]
    public async Task Bad_distributions_are_refused_with_what_to_change_and_leave_everyone_labelling_everything()
    {
        using var owner = app.WithToken(app.ManagerOwner);
        // One active annotator (the other assigned one is deactivated).
        var tooMany = await owner.PutAsJsonAsync(Distribution, new { mode = "split", overlap = 2 });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("Each task cannot go to 2 annotators: the project has 1", await DetailAsync(tooMany));

        var unknown = await owner.PutAsJsonAsync(Distribution, new { mode = "random" });
        Assert.Contains("\"everyone\"", await DetailAsync(unknown));
        var zero = await owner.PutAsJsonAsync(Distribution, new { mode = "split", overlap = 0 });
        Assert.Contains("a whole number from 1 to", await DetailAsync(zero));

        var projects = app.Services.GetRequiredService<ProjectStore>();
        var (_, empty) = await projects.CreateAsync(new Project { Name = "Nobody yet", Slug = "nobody-yet", LabelConfig = "<View/>", ManagerId = app.ManagerOwner.Id });
        var noAnnotators = await owner.PutAsJsonAsync($"/api/v1/projects/{empty!.Id}/distribution/", new { mode = "split", overlap = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, noAnnotators.StatusCode);
        Assert.Contains("assign annotators to the project first", await DetailAsync(noAnnotators));

        var stored = await owner.GetFromJsonAsync<JsonObject>(Distribution);
        Assert.Equal("everyone", stored!["mode"]!.GetValue<string>());
        Assert.Equal("everyone", (await owner.GetFromJsonAsync<JsonObject>($"/api/v1/projects/{empty.Id}/distribution/"))!["mode"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_split_shares_the_tasks_and_assigning_or_unassigning_an_annotator_rebalances_at_once_with_an_audit_entry()
    {
        var projects = app.Services.GetRequiredService<ProjectStore>();
        var (_, project) = await projects.CreateAsync(new Project { Name = "Split signs", Slug = "split-signs", LabelConfig = "<View/>", ManagerId = app.ManagerOwner.Id });
        var second = await app.CreateUserAsync("second@example.com", Roles.Annotator);
        var third = await app.CreateUserAsync("third@example.com", Roles.Annotator);
        await projects.AssignAsync(project!.Id, app.AnnotatorAssigned.Id, app.ManagerOwner.Id);
        await projects.AssignAsync(project.Id, second.Id, app.ManagerOwner.Id);
        await AddTasksAsync(project.Id, 30);
        using var owner = app.WithToken(app.ManagerOwner);
        var url = $"/api/v1/projects/{project.Id}/distribution/";

        var split = await owner.PutAsJsonAsync(url, new { mode = "split", overlap = 2 });
        Assert.Equal(HttpStatusCode.OK, split.StatusCode);
        var shares = Shares(await split.Content.ReadFromJsonAsync<JsonObject>());
        Assert.Equal(new[] { 30, 30 }, shares);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.PutAsync($"/api/v1/projects/{project.Id}/annotators/{third.Id}", null)).StatusCode);
        shares = Shares(await owner.GetFromJsonAsync<JsonObject>(url));
        Assert.Equal(new[] { 20, 20, 20 }, shares);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/projects/{project.Id}/annotators/{second.Id}")).StatusCode);
        shares = Shares(await owner.GetFromJsonAsync<JsonObject>(url));
        Assert.Equal(new[] { 30, 30 }, shares);

        using var admin = app.WithToken(app.Admin);
        var audit = (await admin.GetFromJsonAsync<JsonArray>("/api/v1/audit"))!.Select(e => e!["summary"]!.GetValue<string>());
        Assert.Contains(audit, s => s.StartsWith("Distribution of \"Split signs\": everyone labels everything -> split, each task to 2", StringComparison.Ordinal));

        using var annotator = app.WithToken(app.AnnotatorAssigned);
        Assert.Equal(HttpStatusCode.Forbidden, (await annotator.PutAsJsonAsync(url, new { mode = "everyone" })).StatusCode);

        var openApi = await app.WithToken(null).GetFromJsonAsync<JsonObject>("/openapi/v1.json");
        var paths = openApi!["paths"]!.AsObject().Select(p => p.Key.TrimEnd('/')).ToList();
        Assert.Contains("/api/v1/projects/{id}/distribution", paths);
        Assert.Contains("/api/v1/projects/{id}/reviews", paths);
        Assert.Contains("/api/v1/projects/{id}/reviews/queue", paths);
    }

    private static int[] Shares(JsonObject? distribution) =>
        distribution!["shares"]!.AsArray().Select(s => s!["tasks"]!.GetValue<int>()).Where(t => t > 0).ToArray();
}
