using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Labelit.TestSupport;
using Labelit.Web.Accounts;

namespace Labelit.Web.Tests;

public sealed class AccountTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task A_wrong_password_says_so_and_five_lock_the_account_even_for_the_right_one()
    {
        var user = await app.CreateUserAsync($"lock-{Guid.NewGuid():N}@example.com", Roles.Annotator);
        var browser = new Browser(app.Browser());

        Assert.Contains("The email or password is not right.", await browser.SignInAsync(user.Email, "not the password"));
        for (var attempt = 2; attempt <= 5; attempt++)
        {
            await browser.SignInAsync(user.Email, "not the password");
        }

        Assert.Contains("is locked for 15 minutes", await browser.SignInAsync(user.Email, WebAppFixture.Password));
    }

    [Fact]
    public async Task A_deactivated_user_cannot_sign_in()
    {
        var browser = new Browser(app.Browser());
        Assert.Contains("This account is deactivated", await browser.SignInAsync(app.Deactivated.Email, WebAppFixture.Password));
    }

    [Fact]
    public async Task Sign_in_never_redirects_to_another_site()
    {
        var client = app.Browser();
        var form = await client.GetStringAsync("/account/sign-in");
        var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = app.AnnotatorAssigned.Email,
            ["Password"] = WebAppFixture.Password,
            ["ReturnUrl"] = "https://evil.example.com/",
            ["__RequestVerificationToken"] = SignInClient.AntiforgeryToken(form),
        }));
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_sign_in_cookie_is_http_only_and_samesite()
    {
        var client = app.Browser();
        var form = await client.GetStringAsync("/account/sign-in");
        var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = app.AnnotatorAssigned.Email,
            ["Password"] = WebAppFixture.Password,
            ["__RequestVerificationToken"] = SignInClient.AntiforgeryToken(form),
        }));
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("labelit=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_password_reset_signs_the_user_out_everywhere()
    {
        var user = await app.CreateUserAsync($"reset-{Guid.NewGuid():N}@example.com", Roles.Annotator);
        var session = await app.SignedInAsync(user);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/")).StatusCode);

        var reset = await app.WithToken(app.Admin).PostAsJsonAsync($"/api/v1/users/{user.Id}/password", new { password = "another long password" });

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_token_is_shown_once_works_as_its_user_and_stops_when_revoked()
    {
        var browser = await app.SignedInAsync(app.ManagerOther);
        var page = await browser.GetStringAsync("/account/tokens");
        var created = await (await browser.PostAsync("/account/tokens?handler=Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Name"] = "my script",
            ["__RequestVerificationToken"] = SignInClient.AntiforgeryToken(page),
        }))).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(created, "<code id=\"new-token\">(lbt_[^<]+)</code>").Groups[1].Value;
        Assert.NotEmpty(token);

        var listed = await browser.GetStringAsync("/account/tokens");
        Assert.Contains("my script", listed);
        Assert.DoesNotContain(token, listed);

        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var me = await api.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal(app.ManagerOther.Email, me.GetProperty("email").GetString());
        Assert.False(me.TryGetProperty("passwordHash", out _));

        var tokenId = System.Text.RegularExpressions.Regex.Match(listed, "name=\"tokenId\" value=\"(\\d+)\"").Groups[1].Value;
        await browser.PostAsync("/account/tokens?handler=Revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["tokenId"] = tokenId,
            ["__RequestVerificationToken"] = SignInClient.AntiforgeryToken(listed),
        }));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Admins_read_who_changed_what_in_the_audit_log()
    {
        var manager = app.WithToken(app.ManagerOwner);
        var created = await (await manager.PostAsJsonAsync("/api/v1/projects/", new
        {
            name = "Audited " + Guid.NewGuid().ToString("N")[..6],
            labelConfig = "<View><Text name=\"t\" value=\"$text\"/><Labels name=\"l\" toName=\"t\"><Label value=\"PER\"/></Labels></View>",
        })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt64();
        await manager.PutAsync($"/api/v1/projects/{id}/annotators/{app.AnnotatorAssigned.Id}", null);

        var entries = await app.WithToken(app.Admin).GetFromJsonAsync<JsonElement>($"/api/v1/audit?entityType=assignment");
        var entry = entries.EnumerateArray().First(e => e.GetProperty("entityId").GetInt64() == id);
        Assert.Equal("assigned", entry.GetProperty("action").GetString());
        Assert.Equal(app.ManagerOwner.DisplayName, entry.GetProperty("actorName").GetString());
        Assert.Contains(app.AnnotatorAssigned.Email, entry.GetProperty("summary").GetString());
    }

    /// <summary>Signs in through the form and returns the page it shows.</summary>
    private sealed class Browser(HttpClient client)
    {
        public async Task<string> SignInAsync(string email, string password)
        {
            var form = await client.GetStringAsync("/account/sign-in");
            var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = email,
                ["Password"] = password,
                ["__RequestVerificationToken"] = SignInClient.AntiforgeryToken(form),
            }));
            return await response.Content.ReadAsStringAsync();
        }
    }
}
