using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Labelit.TestSupport;
using Labelit.Web.Audit;
using Npgsql;

namespace Labelit.Web.Tests;

/// <summary>A label config change that would strand existing tasks waits for the manager's confirmation; the audit log keeps both configs.</summary>
public sealed class LabelConfigChangeTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    private const string ImageConfig = "<View>\n  <Image name=\"image\" value=\"$image\"/>\n  <Choices name=\"kind\" toName=\"image\"><Choice value=\"Cat\"/></Choices>\n</View>";
    private const string MoreChoices = "<View>\n  <Image name=\"image\" value=\"$image\"/>\n  <Choices name=\"kind\" toName=\"image\"><Choice value=\"Cat\"/><Choice value=\"Dog\"/></Choices>\n</View>";
    private const string PhotoConfig = "<View>\n  <Image name=\"photo\" value=\"$photo\"/>\n  <Choices name=\"kind\" toName=\"photo\"><Choice value=\"Cat\"/><Choice value=\"Dog\"/></Choices>\n</View>";

    [Fact]
    public async Task Renaming_the_data_key_asks_first_says_how_many_tasks_and_saves_only_when_confirmed()
    {
        var (id, slug) = await CreateProjectWithTasksAsync(tasks: 3);
        var manager = await app.SignedInAsync(app.ManagerOwner);

        var harmless = await SaveAsync(manager, id, slug, MoreChoices, confirm: false);
        Assert.Equal(HttpStatusCode.Redirect, harmless.StatusCode);

        var asked = await SaveAsync(manager, id, slug, PhotoConfig, confirm: false);
        var page = await asked.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains("no longer reads $image (it reads $photo instead)", page);
        Assert.Contains("removes &lt;Image name=&quot;image&quot;&gt;", page);
        Assert.Contains("affects the 3 tasks already in this project", page);
        Assert.Equal(MoreChoices, await StoredConfigAsync(id));

        var confirmed = await SaveAsync(manager, id, slug, PhotoConfig, confirm: true);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(PhotoConfig, await StoredConfigAsync(id));
    }

    [Fact]
    public async Task The_api_refuses_a_stranding_config_change_until_it_is_confirmed()
    {
        var (id, _) = await CreateProjectWithTasksAsync(tasks: 2);
        var api = app.WithToken(app.ManagerOwner);
        async Task<HttpResponseMessage> PutAsync(bool confirm)
        {
            var project = await api.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}");
            return await api.PutAsJsonAsync($"/api/v1/projects/{id}", new
            {
                name = project.GetProperty("name").GetString(),
                labelConfig = PhotoConfig,
                version = project.GetProperty("version").GetInt32(),
                confirmStrandedTasks = confirm,
            });
        }

        var refused = await PutAsync(confirm: false);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var detail = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains("affects the 2 tasks already in this project", detail);
        Assert.Contains("\"confirmStrandedTasks\": true", detail);
        Assert.Equal(ImageConfig, await StoredConfigAsync(id));

        Assert.Equal(HttpStatusCode.OK, (await PutAsync(confirm: true)).StatusCode);
        Assert.Equal(PhotoConfig, await StoredConfigAsync(id));
    }

    [Fact]
    public async Task The_audit_log_keeps_the_config_before_and_after_and_shows_a_line_diff()
    {
        var (id, slug) = await CreateProjectWithTasksAsync(tasks: 1);
        var manager = await app.SignedInAsync(app.ManagerOwner);
        await SaveAsync(manager, id, slug, PhotoConfig, confirm: true);

        var entries = await app.WithToken(app.Admin).GetFromJsonAsync<JsonElement>("/api/v1/audit?entityType=project&action=changed&limit=1000");
        var entry = entries.EnumerateArray().First(e => e.GetProperty("entityId").GetInt64() == id);
        Assert.Equal(ImageConfig, entry.GetProperty("before").GetString());
        Assert.Equal(PhotoConfig, entry.GetProperty("after").GetString());

        var auditPage = await (await app.SignedInAsync(app.Admin)).GetStringAsync("/audit?EntityType=project");
        Assert.Contains("<span class=\"diff-removed\">-   &lt;Image name=&quot;image&quot; value=&quot;$image&quot;/&gt;", auditPage);
        Assert.Contains("<span class=\"diff-added\">&#x2B;   &lt;Image name=&quot;photo&quot; value=&quot;$photo&quot;/&gt;", auditPage);
        Assert.Contains("<span class=\"diff-same\">  &lt;View&gt;", auditPage);
    }

    [Fact]
    public void The_line_diff_keeps_common_lines_and_marks_the_rest()
    {
        var diff = LineDiff.Between("a\nb\nc", "a\nx\nc\nd");
        Assert.Equal(["  a", "- b", "+ x", "  c", "+ d"], diff.Select(l => $"{l.Marker} {l.Text}"));
    }

    private async Task<(long Id, string Slug)> CreateProjectWithTasksAsync(int tasks)
    {
        var created = await (await app.WithToken(app.ManagerOwner).PostAsJsonAsync("/api/v1/projects/", new
        {
            name = "Config change " + Guid.NewGuid().ToString("N")[..8],
            labelConfig = ImageConfig,
        })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt64();
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        // Objects a sync imported as LS tasks.
        for (var i = 0; i < tasks; i++)
        {
            await connection.ExecuteAsync("INSERT INTO dataset_objects (project_id, location, size, state) VALUES (@id, @location, 1, 'imported')",
                new { id, location = $"file:///data/{i}.jpg" });
        }
        return (id, created.GetProperty("slug").GetString()!);
    }

    private async Task<string> StoredConfigAsync(long id)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        return await connection.QuerySingleAsync<string>("SELECT label_config FROM projects WHERE id = @id", new { id });
    }

    private async Task<HttpResponseMessage> SaveAsync(HttpClient manager, long id, string slug, string config, bool confirm)
    {
        var form = await manager.GetStringAsync($"/projects/{id}/edit");
        var version = System.Text.RegularExpressions.Regex.Match(form, "name=\"Form.Version\" value=\"(\\d+)\"").Groups[1].Value;
        var fields = new Dictionary<string, string>
        {
            ["Form.Name"] = System.Text.RegularExpressions.Regex.Match(form, "name=\"Form.Name\" value=\"([^\"]+)\"").Groups[1].Value,
            ["Form.Slug"] = slug,
            ["Form.LabelConfig"] = config,
            ["Form.Status"] = "Active",
            ["Form.ExportFormats"] = "JSON",
            ["Form.ExportDestination"] = "local",
            ["Form.Version"] = version,
            ["__RequestVerificationToken"] = SignInClient.AntiforgeryToken(form),
        };
        if (confirm)
        {
            fields["ConfirmOrphanedTasks"] = "true";
        }
        return await manager.PostAsync($"/projects/{id}/edit", new FormUrlEncodedContent(fields));
    }
}
