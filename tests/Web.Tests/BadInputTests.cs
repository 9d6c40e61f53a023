using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace Labelit.Web.Tests;

/// <summary>Each mistake a user can make gets a message that names it, and nothing is stored.</summary>
public sealed class BadInputTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    private const string ValidConfig = "<View><Text name=\"text\" value=\"$text\"/><Choices name=\"sentiment\" toName=\"text\"><Choice value=\"Good\"/></Choices></View>";

    [Theory]
    [InlineData("<View><Image name=\"image\" value=\"$image\"></View>", "not well-formed XML")]
    [InlineData("<Page><Image name=\"image\" value=\"$image\"/></Page>", "must start with <View>, not <Page>")]
    [InlineData("<View><Image name=\"image\" value=\"$image\"/><RectangleLabels name=\"label\" toName=\"picture\"/></View>", "toName=\"picture\", but no object tag is named \"picture\"")]
    [InlineData("<View><Image name=\"image\" value=\"$image\"/><Text name=\"image\" value=\"$text\"/></View>", "the name \"image\" is used twice")]
    [InlineData("<View><Imagee name=\"image\" value=\"$image\"/></View>", "<Imagee> is not a Label Studio tag")]
    [InlineData("<View><Header value=\"Nothing to label\"/></View>", "no object tag")]
    public async Task A_bad_label_config_is_refused_with_the_problem_and_line(string config, string expected)
    {
        var before = await CountAsync("projects");

        var response = await Manager().PostAsJsonAsync("/api/v1/projects/", new { name = "Bad config " + Guid.NewGuid(), labelConfig = config });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = await ErrorsAsync(response, "LabelConfig");
        Assert.Contains(expected, errors);
        Assert.Equal(before, await CountAsync("projects"));
    }

    [Fact]
    public async Task The_error_points_at_the_line_of_the_mistake()
    {
        var config = "<View>\n  <Image name=\"image\" value=\"$image\"/>\n  <Choices name=\"c\" toName=\"img\"/>\n</View>";
        var response = await Manager().PostAsJsonAsync("/api/v1/projects/", new { name = "Lines", labelConfig = config });
        Assert.StartsWith("Line 3, column 4:", await ErrorsAsync(response, "LabelConfig"));
    }

    [Fact]
    public async Task A_duplicate_project_name_is_refused_whatever_its_case()
    {
        var manager = Manager();
        Assert.Equal(HttpStatusCode.Created, (await manager.PostAsJsonAsync("/api/v1/projects/", new { name = "Bird counts", labelConfig = ValidConfig })).StatusCode);
        var before = await CountAsync("projects");

        var response = await manager.PostAsJsonAsync("/api/v1/projects/", new { name = "BIRD COUNTS", slug = "bird-counts-2", labelConfig = ValidConfig });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Another project already has this name", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await CountAsync("projects"));
    }

    [Fact]
    public async Task Overlong_fields_and_formats_the_config_cannot_export_are_refused()
    {
        var before = await CountAsync("projects");
        var response = await Manager().PostAsJsonAsync("/api/v1/projects/", new
        {
            name = new string('n', 101),
            description = new string('d', 2001),
            labelConfig = ValidConfig,
            exportFormats = new[] { "COCO" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 100 characters", await ErrorsAsync(response, "Name"));
        Assert.Contains("at most 2000 characters", await ErrorsAsync(response, "Description"));
        Assert.Contains("COCO is not available for this label config", await ErrorsAsync(response, "ExportFormats"));
        Assert.Equal(before, await CountAsync("projects"));
    }

    [Fact]
    public async Task An_unknown_role_or_a_short_password_is_refused_and_no_user_is_created()
    {
        var before = await CountAsync("users");
        var response = await app.WithToken(app.Admin).PostAsJsonAsync("/api/v1/users/", new { email = "new@example.com", role = "Superuser", password = "short" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The role must be one of Admin, Manager, Annotator", await ErrorsAsync(response, "Role"));
        Assert.Contains("at least 10 characters", await ErrorsAsync(response, "Password"));
        Assert.Equal(before, await CountAsync("users"));
    }

    [Fact]
    public async Task A_stale_edit_is_refused_and_the_newer_edit_is_kept()
    {
        var manager = Manager();
        var created = await (await manager.PostAsJsonAsync("/api/v1/projects/", new { name = "Stale test", labelConfig = ValidConfig }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt64();
        var version = created.GetProperty("version").GetInt32();

        var first = await manager.PutAsJsonAsync($"/api/v1/projects/{id}", new { name = "Stale test", description = "first edit", labelConfig = ValidConfig, version });
        var second = await manager.PutAsJsonAsync($"/api/v1/projects/{id}", new { name = "Stale test", description = "second edit", labelConfig = ValidConfig, version });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("Someone else changed this project", await second.Content.ReadAsStringAsync());
        var stored = await manager.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}");
        Assert.Equal("first edit", stored.GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused_and_stores_nothing()
    {
        var browser = await app.SignedInAsync(app.ManagerOwner);
        var before = await CountAsync("projects");

        var response = await browser.PostAsync("/projects/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.Name"] = "Forged",
            ["Form.LabelConfig"] = ValidConfig,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await CountAsync("projects"));
    }

    [Fact]
    public async Task The_project_form_shows_the_config_problem_next_to_the_field()
    {
        var browser = await app.SignedInAsync(app.ManagerOwner);
        var form = await browser.GetStringAsync("/projects/new");
        var response = await browser.PostAsync("/projects/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.Name"] = "Form errors",
            ["Form.LabelConfig"] = "<View><Image name=\"image\" value=\"$image\"/><Choices name=\"c\" toName=\"nothing\"/></View>",
            ["Form.Status"] = "Active",
            ["__RequestVerificationToken"] = TestSupport.SignInClient.AntiforgeryToken(form),
        }));

        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("has toName=&quot;nothing&quot;, but no object tag is named &quot;nothing&quot;", page);
        Assert.Contains("Form errors", page); // what the manager typed is kept
    }

    private HttpClient Manager() => app.WithToken(app.ManagerOwner);

    private static async Task<string> ErrorsAsync(HttpResponseMessage response, string field)
    {
        // Several fields are read from one response, so parse the text rather than the one-shot stream.
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return string.Join(" | ", body.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()));
    }

    private async Task<long> CountAsync(string table)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        return await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
    }
}
