using System.Net;
using Labelit.LabelStudioStandIn.Tests.Support;

namespace Labelit.LabelStudioStandIn.Tests;

public sealed class LoginTests
{
    [Fact]
    public async Task The_login_page_sets_csrftoken_with_Path_root_and_renders_the_form()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var client = standIn.CreateClient();

        using var page = await client.GetAsync("/user/login/");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("path=/;", page.SetCookie("csrftoken"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("name=\"csrfmiddlewaretoken\"", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_correct_login_redirects_and_sets_sessionid_with_Path_root()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var browser = new LsBrowser(standIn);

        using var login = await browser.LoginAsync(Settings.AdminEmail, Settings.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/projects/", login.Headers.Location?.OriginalString);
        var sessionCookie = login.SetCookie("sessionid");
        Assert.NotNull(sessionCookie);
        Assert.Contains("path=/;", sessionCookie, StringComparison.OrdinalIgnoreCase);
        var whoami = await (await browser.Client.GetAsync("/api/current-user/whoami")).ReadJsonAsync();
        Assert.Equal(Settings.AdminEmail, whoami["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wrong_password_answers_200_with_the_form_again_and_no_session()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var browser = new LsBrowser(standIn);

        using var login = await browser.LoginAsync(Settings.AdminEmail, "not-the-password");

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Null(login.SetCookie("sessionid"));
        Assert.False(await browser.IsSignedInAsync());
        var html = await login.Content.ReadAsStringAsync();
        Assert.Contains("id=\"login-form\"", html);
        Assert.Contains("don&#39;t match", html);
    }

    [Fact]
    public async Task A_login_without_or_with_a_wrong_csrf_token_is_refused_with_403()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var browser = new LsBrowser(standIn);
        await browser.GetFormTokenAsync("/user/login/");
        var credentials = new Dictionary<string, string> { ["email"] = Settings.AdminEmail, ["password"] = Settings.AdminPassword };

        using var missing = await browser.PostFormAsync("/user/login/", credentials);
        using var wrong = await browser.PostFormAsync("/user/login/",
            new Dictionary<string, string>(credentials) { ["csrfmiddlewaretoken"] = new string('a', 64) });
        using var noCookie = await standIn.CreateClient().PostAsync("/user/login/", new FormUrlEncodedContent(
            new Dictionary<string, string>(credentials) { ["csrfmiddlewaretoken"] = new string('a', 64) }));

        Assert.Equal(HttpStatusCode.Forbidden, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, noCookie.StatusCode);
        Assert.False(await browser.IsSignedInAsync());
    }

    [Fact]
    public async Task A_form_posted_from_another_origin_needs_CSRF_TRUSTED_ORIGINS()
    {
        const string proxyOrigin = "https://labelit.example";
        await using var untrusting = await StandInProcess.StartAsync(Settings.Instance());
        await using var trusting = await StandInProcess.StartAsync(Settings.Instance(extra: ("CSRF_TRUSTED_ORIGINS", proxyOrigin)));

        using var refused = await LoginFrom(untrusting, proxyOrigin);
        using var accepted = await LoginFrom(trusting, proxyOrigin);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
    }

    [Fact]
    public async Task Logout_ends_the_session()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var browser = new LsBrowser(standIn);
        using var login = await browser.LoginAsync(Settings.AdminEmail, Settings.AdminPassword);
        var sessionId = browser.SessionId!;

        using var logout = await browser.Client.GetAsync("/user/logout/");
        using var stale = standIn.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/current-user/whoami");
        request.Headers.Add("Cookie", $"sessionid={sessionId}");
        using var afterLogout = await stale.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterLogout.StatusCode);
    }

    private static async Task<HttpResponseMessage> LoginFrom(StandInProcess standIn, string origin)
    {
        using var browser = new LsBrowser(standIn);
        var token = await browser.GetFormTokenAsync("/user/login/");
        return await browser.PostFormAsync("/user/login/", new Dictionary<string, string>
        {
            ["email"] = Settings.AdminEmail,
            ["password"] = Settings.AdminPassword,
            ["csrfmiddlewaretoken"] = token,
        }, origin);
    }
}
