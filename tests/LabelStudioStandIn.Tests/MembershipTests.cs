using System.Net;
using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.Tests.Support;

namespace Labelit.LabelStudioStandIn.Tests;

public sealed class MembershipTests
{
    [Fact]
    public async Task An_invited_user_signs_up_logs_in_and_sees_the_instance_projects()
    {
        await using var standIn = await StandInProcess.StartAsync(
            Settings.Instance(extra: ("LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK", "true")));
        using var admin = standIn.CreateClient();
        await admin.SendJsonAsync(HttpMethod.Post, "/api/projects/", Settings.AdminToken,
            new JsonObject { ["title"] = "Shared project", ["label_config"] = Settings.TextConfig }, 201);
        var invite = await admin.SendJsonAsync(HttpMethod.Get, "/api/invite", Settings.AdminToken);
        var token = invite["token"]!.GetValue<string>();
        Assert.Equal($"/user/signup/?token={token}", invite["invite_url"]!.GetValue<string>());

        using (var signupBrowser = new LsBrowser(standIn))
        {
            using var signup = await signupBrowser.SignupAsync(token, "annotator@labelit.test", "annotator-pass");
            Assert.Equal(HttpStatusCode.Redirect, signup.StatusCode);
        }
        using var browser = new LsBrowser(standIn);
        using var login = await browser.LoginAsync("annotator@labelit.test", "annotator-pass");
        var whoami = await (await browser.Client.GetAsync("/api/current-user/whoami")).ReadJsonAsync();
        var projects = await (await browser.Client.GetAsync("/api/projects/")).ReadJsonAsync();

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("annotator@labelit.test", whoami["email"]!.GetValue<string>());
        Assert.Equal("Shared project", projects["results"]![0]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Signup_without_the_invite_token_is_refused_when_signup_needs_a_link()
    {
        await using var standIn = await StandInProcess.StartAsync(
            Settings.Instance(extra: ("LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK", "true")));
        using var browser = new LsBrowser(standIn);

        using var noToken = await browser.SignupAsync("", "intruder@labelit.test", "intruder-pass");
        using var wrongToken = await browser.SignupAsync("not-the-org-token", "intruder@labelit.test", "intruder-pass");
        using var login = await new LsBrowser(standIn).LoginAsync("intruder@labelit.test", "intruder-pass");

        Assert.Equal(HttpStatusCode.Forbidden, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode); // the form again: no such user
    }

    [Fact]
    public async Task Signup_without_a_csrf_token_is_refused_with_403()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var admin = standIn.CreateClient();
        var token = (await admin.SendJsonAsync(HttpMethod.Get, "/api/invite", Settings.AdminToken))["token"]!.GetValue<string>();
        using var browser = new LsBrowser(standIn);
        await browser.GetFormTokenAsync($"/user/signup/?token={token}");

        using var signup = await browser.PostFormAsync($"/user/signup/?token={token}",
            new Dictionary<string, string> { ["email"] = "a@labelit.test", ["password"] = "password-123" });

        Assert.Equal(HttpStatusCode.Forbidden, signup.StatusCode);
    }

    [Fact]
    public async Task A_user_created_through_the_users_api_exists_but_cannot_log_in()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var admin = standIn.CreateClient();

        var created = await admin.SendJsonAsync(HttpMethod.Post, "/api/users/", Settings.AdminToken,
            new JsonObject { ["email"] = "api-user@labelit.test", ["password"] = "api-user-pass" }, 201);
        var users = await admin.SendJsonAsync(HttpMethod.Get, "/api/users/", Settings.AdminToken);
        using var browser = new LsBrowser(standIn);
        using var login = await browser.LoginAsync("api-user@labelit.test", "api-user-pass");

        Assert.Contains(users.AsArray(), u => u!["id"]!.GetValue<int>() == created["id"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.False(await browser.IsSignedInAsync());
    }

    [Fact]
    public async Task A_deleted_user_loses_the_session_and_cannot_log_in_again()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var admin = standIn.CreateClient();
        var token = (await admin.SendJsonAsync(HttpMethod.Get, "/api/invite", Settings.AdminToken))["token"]!.GetValue<string>();
        using var browser = new LsBrowser(standIn);
        using var signup = await browser.SignupAsync(token, "leaver@labelit.test", "leaver-pass");
        var me = await (await browser.Client.GetAsync("/api/current-user/whoami")).ReadJsonAsync();

        await admin.SendJsonAsync(HttpMethod.Delete, $"/api/users/{me["id"]}/", Settings.AdminToken, expectedStatus: 204);
        using var afterDelete = await browser.Client.GetAsync("/api/current-user/whoami");
        using var login = await new LsBrowser(standIn).LoginAsync("leaver@labelit.test", "leaver-pass");

        Assert.Equal(HttpStatusCode.Unauthorized, afterDelete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }
}
