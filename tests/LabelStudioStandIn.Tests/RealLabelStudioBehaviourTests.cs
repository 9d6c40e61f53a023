using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.Tests.Support;

namespace Labelit.LabelStudioStandIn.Tests;

/// <summary>Where a real LS (1.8.2, run by hand) and the stand-in used to differ: the stand-in now does as LS does.</summary>
public sealed class RealLabelStudioBehaviourTests
{
    [Fact]
    public async Task A_chunked_request_body_is_read_as_empty_as_LS_s_WSGI_server_does()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var client = standIn.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/projects/")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($$"""{"title": "Chunked", "label_config": {{JsonValue.Create(Settings.TextConfig).ToJsonString()}}}""")))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
            },
        };
        request.Headers.TransferEncodingChunked = true;

        var created = await (await client.SendAsync(request.WithToken(Settings.AdminToken))).ReadJsonAsync();

        Assert.Equal("", created["title"]!.GetValue<string>());
        Assert.Equal("<View></View>", created["label_config"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_token_is_an_invalid_token_and_a_known_one_is_refused_while_legacy_tokens_are_off()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance(legacyTokens: false));
        using var client = standIn.CreateClient();

        using var unknown = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/projects/").WithToken("not-a-token-of-anyone"));
        using var known = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/projects/").WithToken(Settings.AdminToken));

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal("Invalid token.", (await unknown.ReadJsonAsync())["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, known.StatusCode);
        Assert.Contains("legacy token authentication has been disabled", (await known.ReadJsonAsync())["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_sign_in_page_gives_an_anonymous_session_and_signing_in_renews_both_cookies()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var browser = new LsBrowser(standIn);
        var token = await browser.GetFormTokenAsync("/user/login/");
        var anonymousSession = browser.SessionId;
        var csrfBefore = browser.Cookies.GetCookies(standIn.BaseAddress)["csrftoken"]!.Value;
        Assert.NotNull(anonymousSession);
        Assert.False(await browser.IsSignedInAsync());

        using var login = await browser.PostFormAsync("/user/login/", new Dictionary<string, string>
        {
            ["email"] = Settings.AdminEmail, ["password"] = Settings.AdminPassword, ["csrfmiddlewaretoken"] = token,
        });

        var sessionCookie = login.SetCookie("sessionid")!;
        Assert.DoesNotContain("expires=", sessionCookie, StringComparison.OrdinalIgnoreCase); // a browser-session cookie
        Assert.NotEqual(anonymousSession, browser.SessionId);
        Assert.NotEqual(csrfBefore, browser.Cookies.GetCookies(standIn.BaseAddress)["csrftoken"]!.Value);
        Assert.True(await browser.IsSignedInAsync());
    }

    [Fact]
    public async Task Keep_me_logged_in_makes_the_session_cookie_outlive_the_browser()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var browser = new LsBrowser(standIn);
        var token = await browser.GetFormTokenAsync("/user/login/");

        using var login = await browser.PostFormAsync("/user/login/", new Dictionary<string, string>
        {
            ["email"] = Settings.AdminEmail, ["password"] = Settings.AdminPassword, ["csrfmiddlewaretoken"] = token, ["persist_session"] = "on",
        });

        Assert.Contains("expires=", login.SetCookie("sessionid")!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_account_page_sends_anonymous_visitors_to_sign_in_and_back()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var client = standIn.CreateClient();

        using var account = await client.GetAsync("/user/account/");

        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);
        Assert.Equal("/user/login/?next=%2Fuser%2Faccount%2F", account.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_signup_with_a_wrong_invite_token_is_refused_and_creates_nobody()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var admin = standIn.CreateClient();
        using var browser = new LsBrowser(standIn);

        using var signup = await browser.SignupAsync("not-the-organization-token", "intruder@labelit.test", "a password of enough length");

        Assert.Equal(HttpStatusCode.Forbidden, signup.StatusCode);
        var users = (await admin.SendJsonAsync(HttpMethod.Get, "/api/users/", Settings.AdminToken)).AsArray();
        Assert.DoesNotContain(users, u => u!["email"]!.GetValue<string>() == "intruder@labelit.test");
    }

    [Fact]
    public async Task Projects_carry_their_parsed_label_config()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var admin = standIn.CreateClient();

        var created = await admin.SendJsonAsync(HttpMethod.Post, "/api/projects/", Settings.AdminToken,
            new JsonObject { ["title"] = "Parsed", ["label_config"] = Settings.TextConfig }, 201);
        var read = await admin.SendJsonAsync(HttpMethod.Get, $"/api/projects/{created["id"]}/", Settings.AdminToken);

        foreach (var project in new[] { created, read })
        {
            var sentiment = project["parsed_label_config"]!["sentiment"]!;
            Assert.Equal("Choices", sentiment["type"]!.GetValue<string>());
            Assert.Equal(["text"], sentiment["to_name"]!.AsArray().Select(n => n!.GetValue<string>()));
            Assert.Equal("text", sentiment["inputs"]![0]!["value"]!.GetValue<string>());
            Assert.Equal(["Positive", "Negative"], sentiment["labels"]!.AsArray().Select(n => n!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task The_labelling_stream_gives_the_next_task_keeps_drafts_and_remembers_history()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var admin = standIn.CreateClient();
        var project = await ProjectRoundTripTests.CreateProject(admin);
        await admin.SendJsonAsync(HttpMethod.Post, $"/api/projects/{project}/import", Settings.AdminToken,
            new JsonArray(new JsonObject { ["data"] = new JsonObject { ["text"] = "one" } }, new JsonObject { ["data"] = new JsonObject { ["text"] = "two" } }), 201);

        var first = await admin.SendJsonAsync(HttpMethod.Get, $"/api/projects/{project}/next/", Settings.AdminToken);
        var task = first["id"]!.GetValue<int>();
        var draft = await admin.SendJsonAsync(HttpMethod.Post, $"/api/tasks/{task}/drafts", Settings.AdminToken,
            new JsonObject { ["result"] = new JsonArray(), ["lead_time"] = 1.5 }, 201);
        await admin.SendJsonAsync(HttpMethod.Patch, $"/api/drafts/{draft["id"]}/", Settings.AdminToken,
            new JsonObject { ["result"] = ProjectRoundTripTests.Annotation("Positive")["result"]!.DeepClone(), ["lead_time"] = 3.0 });
        var again = await admin.SendJsonAsync(HttpMethod.Get, $"/api/projects/{project}/next/", Settings.AdminToken);
        var annotation = ProjectRoundTripTests.Annotation("Positive");
        annotation["draft_id"] = draft["id"]!.GetValue<int>();
        var submitted = await admin.SendJsonAsync(HttpMethod.Post, $"/api/tasks/{task}/annotations/", Settings.AdminToken, annotation, 201);
        var second = await admin.SendJsonAsync(HttpMethod.Get, $"/api/projects/{project}/next/", Settings.AdminToken);
        var history = await admin.SendJsonAsync(HttpMethod.Get, $"/api/projects/{project}/label-stream-history/", Settings.AdminToken);
        var drafts = await admin.SendJsonAsync(HttpMethod.Get, $"/api/tasks/{task}/drafts", Settings.AdminToken);
        await admin.SendJsonAsync(HttpMethod.Post, $"/api/tasks/{second["id"]}/annotations/", Settings.AdminToken, ProjectRoundTripTests.Annotation("Negative"), 201);
        using var none = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/projects/{project}/next/").WithToken(Settings.AdminToken));

        Assert.Equal(task, again["id"]!.GetValue<int>()); // the draft does not finish the task
        Assert.Equal(3.0, again["drafts"]![0]!["lead_time"]!.GetValue<double>());
        Assert.NotEqual(task, second["id"]!.GetValue<int>());
        Assert.Equal(task, history[0]!["task_id"]!.GetValue<int>());
        Assert.Equal(submitted["id"]!.GetValue<int>(), history[0]!["annotation_id"]!.GetValue<int>());
        Assert.Empty(drafts.AsArray()); // submitting turned the draft into the annotation
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    /// <summary>LS 1.8's AnnotationSerializer takes completed_by (a user's primary key) from the body;
    /// the annotations API uses the signed-in user only when none is given.</summary>
    [Fact]
    public async Task An_annotation_posted_with_completed_by_is_credited_to_that_user_and_an_unknown_user_is_refused()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var admin = standIn.CreateClient();
        var project = await ProjectRoundTripTests.CreateProject(admin);
        await admin.SendJsonAsync(HttpMethod.Post, $"/api/projects/{project}/import", Settings.AdminToken,
            new JsonArray(new JsonObject { ["data"] = new JsonObject { ["text"] = "one" } }), 201);
        var task = (await admin.SendJsonAsync(HttpMethod.Get, $"/api/tasks/?project={project}", Settings.AdminToken))["tasks"]![0]!["id"]!.GetValue<int>();
        var person = (await admin.SendJsonAsync(HttpMethod.Post, "/api/users/", Settings.AdminToken,
            new JsonObject { ["email"] = "earlier-labeller@labelit.test" }, 201))["id"]!.GetValue<int>();

        var credited = ProjectRoundTripTests.Annotation("Positive");
        credited["completed_by"] = person;
        var created = await admin.SendJsonAsync(HttpMethod.Post, $"/api/tasks/{task}/annotations/", Settings.AdminToken, credited, 201);
        var unknown = ProjectRoundTripTests.Annotation("Positive");
        unknown["completed_by"] = 9999;
        var refused = await admin.SendJsonAsync(HttpMethod.Post, $"/api/tasks/{task}/annotations/", Settings.AdminToken, unknown, 400);

        Assert.Equal(person, created["completed_by"]!.GetValue<int>());
        Assert.Contains("Invalid pk \"9999\" - object does not exist.", refused["validation_errors"]!["completed_by"]![0]!.GetValue<string>());
        var annotations = await admin.SendJsonAsync(HttpMethod.Get, $"/api/tasks/{task}/annotations/", Settings.AdminToken);
        Assert.Equal([person], annotations.AsArray().Select(a => a!["completed_by"]!.GetValue<int>()));
    }

    [Fact]
    public async Task The_JSON_export_names_an_annotation_s_author_by_id_where_the_annotation_api_also_gives_the_name()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var admin = standIn.CreateClient();
        var project = await ProjectRoundTripTests.CreateProject(admin);
        await admin.SendJsonAsync(HttpMethod.Post, $"/api/projects/{project}/import", Settings.AdminToken,
            new JsonArray(new JsonObject { ["data"] = new JsonObject { ["text"] = "one" } }), 201);
        var task = (await admin.SendJsonAsync(HttpMethod.Get, $"/api/tasks/?project={project}", Settings.AdminToken))["tasks"]![0]!["id"]!.GetValue<int>();
        var created = await admin.SendJsonAsync(HttpMethod.Post, $"/api/tasks/{task}/annotations/", Settings.AdminToken, ProjectRoundTripTests.Annotation("Positive"), 201);

        var exported = (await admin.SendJsonAsync(HttpMethod.Get, $"/api/projects/{project}/export?exportType=JSON", Settings.AdminToken))[0]!.AsObject();
        var annotation = exported["annotations"]![0]!.AsObject();

        Assert.StartsWith(" " + Settings.AdminEmail, created["created_username"]!.GetValue<string>()); // no name set: LS's leading space
        Assert.Equal(created["completed_by"]!.GetValue<int>(), annotation["completed_by"]!.GetValue<int>());
        Assert.False(annotation.ContainsKey("created_username"));
        Assert.False(exported.ContainsKey("file_upload"));
    }

    [Fact]
    public async Task Data_Manager_tabs_are_created_changed_and_listed_per_project()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var admin = standIn.CreateClient();
        var project = await ProjectRoundTripTests.CreateProject(admin);

        var tab = await admin.SendJsonAsync(HttpMethod.Post, "/api/dm/views/", Settings.AdminToken,
            new JsonObject { ["project"] = project, ["data"] = new JsonObject { ["title"] = "Default" } }, 201);
        await admin.SendJsonAsync(HttpMethod.Patch, $"/api/dm/views/{tab["id"]}/", Settings.AdminToken,
            new JsonObject { ["project"] = project, ["data"] = new JsonObject { ["title"] = "Mine" } });
        var tabs = await admin.SendJsonAsync(HttpMethod.Get, $"/api/dm/views/?project={project}", Settings.AdminToken);
        var otherProject = await admin.SendJsonAsync(HttpMethod.Get, $"/api/dm/views/?project={project + 1}", Settings.AdminToken);

        Assert.Equal("Mine", tabs[0]!["data"]!["title"]!.GetValue<string>());
        Assert.Empty(otherProject.AsArray());
    }

    [Fact]
    public async Task A_user_s_names_can_change_but_not_their_email()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var admin = standIn.CreateClient();
        using var annotator = await ProjectRoundTripTests.SignUpAnnotator(standIn, admin);
        var users = (await admin.SendJsonAsync(HttpMethod.Get, "/api/users/", Settings.AdminToken)).AsArray();
        var annotatorId = users.Single(u => u!["email"]!.GetValue<string>() == "annotator@labelit.test")!["id"]!.GetValue<int>();

        var renamed = await admin.SendJsonAsync(HttpMethod.Patch, $"/api/users/{annotatorId}/", Settings.AdminToken,
            new JsonObject { ["first_name"] = "Ann", ["last_name"] = "Annotator" });
        using var newEmail = await admin.SendAsync(Http.Json(HttpMethod.Patch, $"/api/users/{annotatorId}/",
            new JsonObject { ["email"] = "ann@labelit.test" }).WithToken(Settings.AdminToken));
        var after = await admin.SendJsonAsync(HttpMethod.Get, $"/api/users/{annotatorId}/", Settings.AdminToken);

        Assert.Equal("Ann", renamed["first_name"]!.GetValue<string>());
        Assert.Equal("Annotator", renamed["last_name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, newEmail.StatusCode);
        Assert.Equal("Cannot update read-only field: email", (await newEmail.ReadJsonAsync())["detail"]!.GetValue<string>());
        Assert.Equal("annotator@labelit.test", after["email"]!.GetValue<string>());
    }
}
