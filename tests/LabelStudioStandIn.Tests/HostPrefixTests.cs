using System.Net;
using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.Tests.Support;

namespace Labelit.LabelStudioStandIn.Tests;

/// <summary>
/// LABEL_STUDIO_HOST=http://host/prefix: requests arrive with the prefix stripped (by Labelit's
/// proxy), while every link and redirect the instance writes carries it.
/// </summary>
public sealed class HostPrefixTests
{
    private const string Host = "http://labelit.example:5000/ls/7";

    [Fact]
    public async Task Forms_redirects_and_page_links_carry_the_prefix_but_the_invite_url_does_not()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance(extra: ("LABEL_STUDIO_HOST", Host)));
        using var admin = standIn.CreateClient();
        var project = await ProjectRoundTripTests.CreateProject(admin);
        await admin.SendJsonAsync(HttpMethod.Post, $"/api/projects/{project}/import", Settings.AdminToken,
            new JsonArray(new JsonObject { ["data"] = new JsonObject { ["text"] = "t" } }), 201);
        using var browser = new LsBrowser(standIn);

        var loginPage = await browser.Client.GetStringAsync("/user/login/");
        using var login = await browser.LoginAsync(Settings.AdminEmail, Settings.AdminPassword);
        var taskList = await browser.Client.GetStringAsync($"/projects/{project}/data");
        var invite = await admin.SendJsonAsync(HttpMethod.Get, "/api/invite", Settings.AdminToken);
        using var appendSlash = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/projects").WithToken(Settings.AdminToken));
        using var logout = await browser.Client.GetAsync("/user/logout/");

        Assert.Contains("action=\"/ls/7/user/login/\"", loginPage);
        Assert.Equal("/ls/7/projects/", login.Headers.Location?.OriginalString);
        Assert.Contains("path=/;", login.SetCookie("sessionid"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"href=\"/ls/7/projects/{project}/data?labeling=1\"", taskList);
        Assert.Contains($"const taskPage = \"/ls/7/projects/{project}/data?task=\"", taskList); // the rows' links, drawn by the script
        Assert.StartsWith("/user/signup/?token=", invite["invite_url"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, appendSlash.StatusCode); // served as /api/projects/, no redirect (LS)
        Assert.Equal(Host + "/", logout.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Labelling_pages_post_to_and_load_the_editor_from_prefixed_urls()
    {
        var editor = await StandInEditor.EnsureAsync();
        await using var standIn = await StandInProcess.StartAsync(
            Settings.Instance(extra: [("LABEL_STUDIO_HOST", Host), ("STANDIN_EDITOR_DIR", editor)]));
        using var admin = standIn.CreateClient();
        var project = await ProjectRoundTripTests.CreateProject(admin);
        await admin.SendJsonAsync(HttpMethod.Post, $"/api/projects/{project}/import", Settings.AdminToken,
            new JsonArray(new JsonObject { ["data"] = new JsonObject { ["text"] = "t" } }), 201);
        var task = (await admin.SendJsonAsync(HttpMethod.Get, $"/api/tasks/?project={project}", Settings.AdminToken))["tasks"]![0]!["id"];
        using var browser = new LsBrowser(standIn);
        using var login = await browser.LoginAsync(Settings.AdminEmail, Settings.AdminPassword);

        var realEditor = await browser.Client.GetStringAsync($"/projects/{project}/data?labeling=1");
        var simple = await browser.Client.GetStringAsync($"/projects/{project}/data?labeling=1&editor=simple");
        using var script = await browser.Client.GetAsync("/label-studio-frontend/js/main.js");

        Assert.Contains("src=\"/ls/7/label-studio-frontend/js/main.js\"", realEditor);
        Assert.Contains("href=\"/ls/7/label-studio-frontend/css/main.css\"", realEditor);
        Assert.Contains("const api = \"/ls/7/api\"", realEditor);
        Assert.Contains("const api = \"/ls/7/api\"", simple);
        // In the page's script, as a JSON string (& is written \u0026 so the script stays safe in HTML).
        Assert.Contains($"\"/ls/7/projects/{project}/data?labeling=1\\u0026editor=simple\"", simple);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_page_asked_for_without_a_session_redirects_to_the_prefixed_login_with_next()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance(extra: ("LABEL_STUDIO_HOST", Host)));
        using var client = standIn.CreateClient();

        using var page = await client.GetAsync("/projects/1/data?labeling=1");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/ls/7/user/login/?next=" + Uri.EscapeDataString("/ls/7/projects/1/data?labeling=1"),
            page.Headers.Location?.OriginalString);
    }
}
