using System.Net;
using Dapper;
using Labelit.TestSupport;
using Npgsql;

namespace Labelit.Web.Tests;

/// <summary>The "Distribution and review" page: the manager splits the tasks and reviews; a named reviewer reviews; refusals say why.</summary>
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
}
