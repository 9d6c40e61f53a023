using System.Net;
using Dapper;
using Labelit.TestSupport;
using Labelit.Web.Accounts;
using Labelit.Web.Projects;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Labelit.Web.Tests;

/// <summary>The "Distribution and review" page: the manager splits the tasks, names reviewers and reviews; a named reviewer reviews; refusals say why.</summary>
public sealed class ReviewPageTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    private string Page => $"/projects/{app.Project.Id}/review";

    private async Task SqlAsync(string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.ExecuteAsync(sql, args);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, Dictionary<string, string> fields)
    {
        var form = await client.GetStringAsync(url);
        fields["__RequestVerificationToken"] = SignInClient.AntiforgeryToken(form);
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task The_manager_splits_the_tasks_on_the_page_and_an_impossible_split_is_refused_in_words()
    {
        var manager = await app.SignedInAsync(app.ManagerOwner);
        var page = await manager.GetStringAsync(Page);
        Assert.Contains("Everyone labels everything", page);

        var tooMany = await PostAsync(manager, Page + "?handler=Distribution", new() { ["mode"] = "split", ["overlap"] = "5" });
        Assert.Contains("Each task cannot go to 5 annotators: the project has 1.", await tooMany.Content.ReadAsStringAsync());

        var split = await PostAsync(manager, Page + "?handler=Distribution", new() { ["mode"] = "split", ["overlap"] = "1" });
        Assert.Equal(HttpStatusCode.Redirect, split.StatusCode);
        var saved = await manager.GetStringAsync(Page);
        Assert.Contains("Saved: each task goes to 1 annotator(s)", saved);
        Assert.Contains("<option value=\"split\" selected=\"selected\">", saved);
    }

    [Fact]
    public async Task A_named_reviewer_sees_the_queue_and_a_decision_that_cannot_be_made_says_why()
    {
        await SqlAsync("""
            INSERT INTO progress_annotations (project_id, ls_annotation_id, ls_task_id, user_id, was_cancelled, created_at, updated_at)
            VALUES (@project, 901, 9, @author, false, now(), now()) ON CONFLICT DO NOTHING
            """, new { project = app.Project.Id, author = app.ManagerOwner.Id });
        var annotator = await app.SignedInAsync(app.AnnotatorAssigned);
        Assert.Equal(HttpStatusCode.Forbidden, (await annotator.GetAsync(Page)).StatusCode);

        await SqlAsync("INSERT INTO project_reviewers (project_id, user_id, named_by) VALUES (@project, @user, @manager)",
            new { project = app.Project.Id, user = app.AnnotatorAssigned.Id, manager = app.ManagerOwner.Id });
        var queue = await annotator.GetStringAsync(Page);
        Assert.Contains("data-annotation=\"901\"", queue);
        Assert.DoesNotContain("Who labels which task", queue); // the split is the manager's

        var noComment = await PostAsync(annotator, Page + "?handler=Decide", new() { ["annotationId"] = "901", ["decision"] = "rejected" });
        Assert.Contains("A rejection needs a comment", await noComment.Content.ReadAsStringAsync());
        // Label Studio is not running in this fixture: the annotation cannot be checked, and nothing is recorded.
        var accept = await PostAsync(annotator, Page + "?handler=Decide", new() { ["annotationId"] = "901", ["decision"] = "accepted" });
        Assert.Contains("Label Studio for this project is not running", await accept.Content.ReadAsStringAsync());
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM annotation_reviews WHERE ls_annotation_id = 901"));
    }

    [Fact]
    public async Task The_manager_names_a_reviewer_on_the_page_who_then_reviews_and_annotators_cannot_name_anyone()
    {
        // A project of its own, so that the other tests' project keeps its one annotator and no reviewer.
        var (_, project) = await app.Services.GetRequiredService<ProjectStore>().CreateAsync(new Project
        {
            Name = "Road markings", Slug = "road-markings", LabelConfig = "<View/>", ManagerId = app.ManagerOwner.Id,
        });
        var rita = await app.CreateUserAsync("rita@example.com", Roles.Annotator);
        var sam = await app.CreateUserAsync("sam@example.com", Roles.Annotator);
        foreach (var annotator in new[] { rita, sam })
            await app.Services.GetRequiredService<ProjectStore>().AssignAsync(project!.Id, annotator.Id, app.ManagerOwner.Id);
        await SqlAsync("""
            INSERT INTO progress_annotations (project_id, ls_annotation_id, ls_task_id, user_id, was_cancelled, created_at, updated_at)
            VALUES (@project, 951, 5, @author, false, now(), now())
            """, new { project = project!.Id, author = sam.Id });
        var page = $"/projects/{project.Id}/review";
        var ritasBrowser = await app.SignedInAsync(rita);
        Assert.Equal(HttpStatusCode.Forbidden, (await ritasBrowser.GetAsync(page)).StatusCode);

        var manager = await app.SignedInAsync(app.ManagerOwner);
        var form = await manager.GetStringAsync(page);
        Assert.Contains("Who reviews", form);
        Assert.Contains($"<input type=\"checkbox\" name=\"userIds\" value=\"{rita.Id}\" />", form);

        var stranger = await PostAsync(manager, page + "?handler=Reviewers", new() { ["userIds"] = app.AnnotatorOther.Id.ToString() });
        Assert.Equal(HttpStatusCode.OK, stranger.StatusCode);
        Assert.Contains($"unassigned (user {app.AnnotatorOther.Id}) is not assigned to it. Nothing was changed.", await stranger.Content.ReadAsStringAsync());

        var saved = await PostAsync(manager, page + "?handler=Reviewers", new() { ["userIds"] = rita.Id.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var reloaded = await manager.GetStringAsync(page);
        Assert.Contains("Saved: rita reviews this project&#x27;s annotations", reloaded);
        Assert.Contains($"<input type=\"checkbox\" name=\"userIds\" value=\"{rita.Id}\" checked=\"checked\" />", reloaded);
        Assert.Contains($"<input type=\"checkbox\" name=\"userIds\" value=\"{sam.Id}\" />", reloaded);
        var audit = await (await app.SignedInAsync(app.Admin)).GetStringAsync("/audit");
        Assert.Contains("Reviewers of &quot;Road markings&quot;: rita", audit);

        // Rita now reviews Sam's annotation, but naming reviewers stays the manager's.
        var queue = await ritasBrowser.GetStringAsync(page);
        Assert.Contains("data-annotation=\"951\"", queue);
        Assert.DoesNotContain("Who reviews", queue);
        var ritasPost = await PostWithTokenFromAsync(ritasBrowser, page, page + "?handler=Reviewers", new() { ["userIds"] = rita.Id.ToString() });
        Assert.Equal(HttpStatusCode.Forbidden, ritasPost.StatusCode);
        var samsBrowser = await app.SignedInAsync(sam);
        var samsPost = await PostWithTokenFromAsync(samsBrowser, $"/projects/{project.Id}", page + "?handler=Reviewers", new() { ["userIds"] = sam.Id.ToString() });
        Assert.Equal(HttpStatusCode.Forbidden, samsPost.StatusCode);
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        Assert.Equal([rita.Id], await connection.QueryAsync<long>("SELECT user_id FROM project_reviewers WHERE project_id = @id", new { id = project.Id }));
    }

    /// <summary>A post with a valid form token taken from a page the person may see (the form's own page may be refused to them).</summary>
    private static async Task<HttpResponseMessage> PostWithTokenFromAsync(HttpClient client, string pageWithToken, string url, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = SignInClient.AntiforgeryToken(await client.GetStringAsync(pageWithToken));
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }
}
