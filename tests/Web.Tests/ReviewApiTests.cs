using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;

namespace Labelit.Web.Tests;

/// <summary>The review queue on the API: who may review, what they see, and the refusals that leave nothing recorded.</summary>
public sealed class ReviewApiTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    private string Project => $"/api/v1/projects/{app.Project.Id}";

    private async Task<T> SqlAsync<T>(string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        return (await connection.ExecuteScalarAsync<T>(sql, args))!;
    }

    private Task RecordAnnotationAsync(int id, int task, long author) => SqlAsync<int>("""
        INSERT INTO progress_annotations (project_id, ls_annotation_id, ls_task_id, user_id, was_cancelled, created_at, updated_at)
        VALUES (@project, @id, @task, @author, false, now(), now()) ON CONFLICT DO NOTHING
        """, new { project = app.Project.Id, id, task, author });

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>();

    [Fact]
    public async Task A_named_reviewer_sees_the_queue_without_their_own_annotations_and_others_may_not()
    {
        await RecordAnnotationAsync(101, 1, app.AnnotatorAssigned.Id);
        await RecordAnnotationAsync(102, 2, app.ManagerOwner.Id);
        using var owner = app.WithToken(app.ManagerOwner);
        using var annotator = app.WithToken(app.AnnotatorAssigned);
        Assert.Equal(HttpStatusCode.Forbidden, (await annotator.GetAsync($"{Project}/reviews/queue")).StatusCode);

        var stranger = await owner.PutAsJsonAsync($"{Project}/reviewers", new { userIds = new[] { app.AnnotatorOther.Id } });
        Assert.Equal(HttpStatusCode.BadRequest, stranger.StatusCode);
        Assert.Contains("is not assigned to it. Nothing was changed.", await DetailAsync(stranger));
        Assert.Empty((await owner.GetFromJsonAsync<JsonArray>($"{Project}/reviewers"))!);

        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync($"{Project}/reviewers", new { userIds = new[] { app.AnnotatorAssigned.Id } })).StatusCode);
        var queue = await annotator.GetFromJsonAsync<JsonArray>($"{Project}/reviews/queue");
        Assert.Equal([102], queue!.Select(i => i!["annotationId"]!.GetValue<int>()));
        var managersQueue = await owner.GetFromJsonAsync<JsonArray>($"{Project}/reviews/queue");
        Assert.Equal([101], managersQueue!.Select(i => i!["annotationId"]!.GetValue<int>()));
        var own = await annotator.PostAsJsonAsync($"{Project}/reviews", new { annotationId = 101, decision = "accepted" });
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.Contains("You cannot review your own annotation", await DetailAsync(own));
    }

    [Fact]
    public async Task Bad_reviews_are_refused_with_a_reason_and_nothing_is_recorded()
    {
        await RecordAnnotationAsync(201, 3, app.AnnotatorAssigned.Id);
        using var owner = app.WithToken(app.ManagerOwner);

        var noComment = await owner.PostAsJsonAsync($"{Project}/reviews", new { annotationId = 201, decision = "rejected" });
        Assert.Equal(HttpStatusCode.BadRequest, noComment.StatusCode);
        Assert.Contains("A rejection needs a comment", await DetailAsync(noComment));
        var badDecision = await owner.PostAsJsonAsync($"{Project}/reviews", new { annotationId = 201, decision = "maybe" });
        Assert.Contains("\"accepted\" or \"rejected\"", await DetailAsync(badDecision));
        // The matrix project's LS is not running: the annotation cannot be checked, so nothing is decided.
        var notRunning = await owner.PostAsJsonAsync($"{Project}/reviews", new { annotationId = 201, decision = "accepted" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notRunning.StatusCode);
        Assert.Contains("Label Studio for this project is not running", await DetailAsync(notRunning));
        Assert.Equal(0, await SqlAsync<int>("SELECT count(*) FROM annotation_reviews"));

        // An accepted annotation is final.
        await SqlAsync<int>("""
            INSERT INTO annotation_reviews (project_id, ls_annotation_id, ls_task_id, decision, reviewer_id, annotation_updated_at)
            VALUES (@project, 201, 3, 'accepted', @reviewer, now())
            """, new { project = app.Project.Id, reviewer = app.ManagerOwner.Id });
        var again = await owner.PostAsJsonAsync($"{Project}/reviews", new { annotationId = 201, decision = "rejected", comment = "redo" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("an accepted annotation is final", await DetailAsync(again));
        Assert.Equal("accepted", await SqlAsync<string>("SELECT decision FROM annotation_reviews WHERE ls_annotation_id = 201"));
    }

    [Fact]
    public async Task A_rejection_goes_back_to_its_author_with_the_comment_until_they_change_the_annotation()
    {
        await RecordAnnotationAsync(301, 4, app.AnnotatorAssigned.Id);
        await SqlAsync<int>("""
            INSERT INTO annotation_reviews (project_id, ls_annotation_id, ls_task_id, decision, comment, reviewer_id, annotation_updated_at)
            VALUES (@project, 301, 4, 'rejected', 'The sign is a stop sign', @reviewer, now() + interval '1 second')
            """, new { project = app.Project.Id, reviewer = app.ManagerOwner.Id });
        using var annotator = app.WithToken(app.AnnotatorAssigned);
        using var owner = app.WithToken(app.ManagerOwner);

        var returned = await annotator.GetFromJsonAsync<JsonArray>($"{Project}/reviews/returned");
        Assert.Equal("The sign is a stop sign", returned!.Single()!["comment"]!.GetValue<string>());
        Assert.DoesNotContain((await owner.GetFromJsonAsync<JsonArray>($"{Project}/reviews/queue"))!, i => i!["annotationId"]!.GetValue<int>() == 301);

        // Its author changes it in LS (the Worker reads the new updated_at): back in the queue, no longer returned.
        await SqlAsync<int>("UPDATE progress_annotations SET updated_at = now() + interval '1 minute' WHERE ls_annotation_id = 301");
        Assert.Empty((await annotator.GetFromJsonAsync<JsonArray>($"{Project}/reviews/returned"))!);
        var queue = await owner.GetFromJsonAsync<JsonArray>($"{Project}/reviews/queue");
        var item = queue!.Single(i => i!["annotationId"]!.GetValue<int>() == 301);
        Assert.Equal("The sign is a stop sign", item!["previousComment"]!.GetValue<string>());
    }
}
