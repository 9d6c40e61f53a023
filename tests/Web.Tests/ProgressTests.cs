using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace Labelit.Web.Tests;

/// <summary>Progress as the Worker recorded it, on the API, the project page, the projects list and an annotator's home.</summary>
public sealed partial class ProgressTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task Project_viewers_read_the_recorded_figures_and_the_manager_sees_each_annotator_marked_when_deactivated()
    {
        await RecordAsync();

        using var annotator = app.WithToken(app.AnnotatorAssigned);
        var figures = await annotator.GetFromJsonAsync<JsonObject>($"/api/v1/projects/{app.Project.Id}/progress");
        Assert.Equal(6, figures!["tasksTotal"]!.GetValue<int>());
        Assert.Equal(3, figures["labelled"]!.GetValue<int>());
        Assert.Equal(1, figures["skipped"]!.GetValue<int>());
        Assert.Equal(2, figures["remaining"]!.GetValue<int>());
        Assert.Equal(3, figures["annotations"]!.GetValue<int>());
        Assert.Contains("refused", figures["failure"]!.GetValue<string>());
        using var stranger = app.WithToken(app.AnnotatorOther);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/api/v1/projects/{app.Project.Id}/progress")).StatusCode);
        var openApi = await app.WithToken(null).GetFromJsonAsync<JsonObject>("/openapi/v1.json");
        Assert.NotNull(openApi!["paths"]!["/api/v1/projects/{id}/progress"]);

        var owner = await app.SignedInAsync(app.ManagerOwner);
        var page = await owner.GetStringAsync($"/projects/{app.Project.Id}");
        Assert.Equal("3", Figure(page, "progress-labelled"));
        Assert.Equal("2", Figure(page, "progress-remaining"));
        Assert.Contains("Label Studio refused to list the project&#x27;s tasks", page);
        Assert.Matches(AnnotatorRow("assigned", done: 2, skipped: 0), page);
        Assert.Matches(AnnotatorRow("gone", done: 1, skipped: 1), page);
        Assert.Matches(new Regex("data-annotator=\"gone\">\\s*<td>gone\\s*<span class=\"badge\">deactivated</span>"), page);
        Assert.Equal(2, Bars().Matches(page).Count); // today: one bar segment per person
        Assert.Contains("<title>assigned: 2 tasks on", page);

        // The refresh the page makes every few seconds returns the section alone.
        var section = await owner.GetStringAsync($"/projects/{app.Project.Id}?handler=Progress");
        Assert.DoesNotContain("<html", section);
        Assert.Equal("3", Figure(section, "progress-labelled"));

        var list = await owner.GetStringAsync("/projects");
        Assert.Contains("4 of 6 done", list);

        var annotatorBrowser = await app.SignedInAsync(app.AnnotatorAssigned);
        var projectAsAnnotator = await annotatorBrowser.GetStringAsync($"/projects/{app.Project.Id}");
        Assert.Equal("3", Figure(projectAsAnnotator, "progress-labelled"));
        Assert.DoesNotContain("progress-annotators", projectAsAnnotator); // other people's work is for managers
        var home = await annotatorBrowser.GetStringAsync("/");
        Assert.Contains("2 tasks left", home);
        Assert.Contains("you labelled 2", home);
    }

    [Fact]
    public async Task The_manager_sees_agreement_where_two_annotators_labelled_the_same_task_and_words_where_nobody_did()
    {
        var owner = await app.SignedInAsync(app.ManagerOwner);
        using var ownerApi = app.WithToken(app.ManagerOwner);
        var p = app.Project.Id;
        await using var c = new NpgsqlConnection(app.ConnectionString);
        await c.ExecuteAsync("DELETE FROM progress_agreement WHERE project_id = @p", new { p });
        Assert.Contains("No task has been labelled by more than one annotator yet", await owner.GetStringAsync($"/projects/{p}?handler=Progress"));
        var none = await ownerApi.GetFromJsonAsync<JsonObject>($"/api/v1/projects/{p}/progress");
        Assert.Equal(0, none!["agreement"]!["tasksCompared"]!.GetValue<int>());
        Assert.Contains("No task has been labelled by more than one annotator", none["agreement"]!["message"]!.GetValue<string>());

        // LS users 11 and 12 are the two annotators' accounts; they agree on task 5 and disagree on task 6.
        await c.ExecuteAsync("""
            INSERT INTO ls_accounts (project_id, user_id, ls_email, password, ls_user_id, state) VALUES
                (@p, @assigned, 'a@ls', 'x', 11, 'active'), (@p, @gone, 'g@ls', 'x', 12, 'revoked')
                ON CONFLICT (project_id, user_id) DO UPDATE SET ls_user_id = EXCLUDED.ls_user_id;
            INSERT INTO ls_instances (project_id, ls_project_id) VALUES (@p, 7) ON CONFLICT (project_id) DO UPDATE SET ls_project_id = 7;
            INSERT INTO progress_agreement (project_id, ls_task_id, ls_user_a, ls_user_b, agreement, compared, matched) VALUES
                (@p, 5, 11, 12, 1, 2, 2), (@p, 6, 11, 12, 0, 2, 0);
            """, new { p, assigned = app.AnnotatorAssigned.Id, gone = app.Deactivated.Id });
        var section = await owner.GetStringAsync($"/projects/{p}?handler=Progress");
        Assert.Matches(new Regex("On the <strong>2</strong> tasks labelled by more than one person,\\s*annotators agree <strong>50 %</strong>"), section);
        Assert.Matches(new Regex("<td>assigned and gone</td>\\s*<td class=\"tasks\">2</td>\\s*<td class=\"agreement\">50 %</td>"), section);
        // The task they disagree on comes first, linked to LS's Data Manager through Labelit's proxy.
        var firstTask = new Regex("<tr data-task=\"(\\d+)\">\\s*<td>\\s*<a href=\"([^\"]+)\"").Match(section);
        Assert.Equal("6", firstTask.Groups[1].Value);
        Assert.Equal($"/projects/{app.Project.Slug}/ls/projects/7/data?task=6", WebUtility.HtmlDecode(firstTask.Groups[2].Value));

        var figures = await ownerApi.GetFromJsonAsync<JsonObject>($"/api/v1/projects/{p}/progress");
        var agreement = figures!["agreement"]!;
        Assert.Equal(0.5, agreement["overall"]!.GetValue<double>());
        var least = agreement["leastAgreed"]![0]!;
        Assert.Equal(6, least["labelStudioTaskId"]!.GetValue<int>());
        Assert.Equal($"/projects/{app.Project.Slug}/ls/projects/7/data?task=6", least["link"]!.GetValue<string>());
        Assert.Equal(["assigned", "gone"], least["annotators"]!.AsArray().Select(n => n!.GetValue<string>()));
        // An annotator reads the figures, not who agrees with whom.
        using var annotator = app.WithToken(app.AnnotatorAssigned);
        Assert.Null((await annotator.GetFromJsonAsync<JsonObject>($"/api/v1/projects/{p}/progress"))!["agreement"]);
        var schemas = (await app.WithToken(null).GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!["components"]!["schemas"]!;
        Assert.NotNull(schemas["ProgressDto"]!["properties"]!["agreement"]);
        Assert.NotNull(schemas["AgreementTaskDto"]!["properties"]!["link"]);
        Assert.DoesNotContain("agreement-pairs", await (await app.SignedInAsync(app.AnnotatorAssigned)).GetStringAsync($"/projects/{p}"));
    }

    private async Task RecordAsync()
    {
        await using var c = new NpgsqlConnection(app.ConnectionString);
        var p = app.Project.Id;
        await c.ExecuteAsync("""
            INSERT INTO progress_reads (project_id, tasks_total, read_up_to, read_at, failed_at, failure)
            VALUES (@p, 6, now() - interval '3 minutes', now() - interval '3 minutes', now(),
                    'Label Studio refused to list the project''s tasks, so these figures may be behind.');
            INSERT INTO progress_tasks (project_id, ls_task_id, labelled, skipped, labelled_at, updated_at) VALUES
                (@p, 1, true, false, now(), now()), (@p, 2, true, false, now(), now()), (@p, 3, true, false, now(), now()),
                (@p, 4, false, true, NULL, now());
            INSERT INTO progress_annotations (project_id, ls_annotation_id, ls_task_id, ls_user_id, user_id, was_cancelled, lead_time, created_at, updated_at) VALUES
                (@p, 1, 1, 11, @assigned, false, 10, now(), now()), (@p, 2, 2, 11, @assigned, false, 30, now(), now()),
                (@p, 3, 3, 12, @gone, false, 20, now(), now()), (@p, 4, 4, 12, @gone, true, 5, now(), now());
            """, new { p, assigned = app.AnnotatorAssigned.Id, gone = app.Deactivated.Id });
    }

    private static string Figure(string html, string id) => new Regex($"<dd id=\"{id}\">(\\d+)</dd>").Match(html).Groups[1].Value;

    private static Regex AnnotatorRow(string name, int done, int skipped) =>
        new($"data-annotator=\"{name}\">[\\s\\S]*?<td class=\"done\">{done}</td>\\s*<td class=\"skipped\">{skipped}</td>");

    [GeneratedRegex("<rect class=\"bar\"")]
    private static partial Regex Bars();
}
