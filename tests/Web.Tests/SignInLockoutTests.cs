using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Labelit.TestSupport;
using Labelit.Web.Accounts;

namespace Labelit.Web.Tests;

/// <summary>The sign-in page does not tell who has an account, locks every email alike, and admins can unlock.</summary>
public sealed partial class SignInLockoutTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task An_unknown_email_gets_the_same_answer_as_a_known_email_with_a_wrong_password()
    {
        var known = await app.CreateUserAsync($"known-{Guid.NewGuid():N}@example.com", Roles.Annotator);
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";

        var (knownStatus, knownPage) = await SignInAsync(app.Browser(), known.Email, "not the password");
        var (unknownStatus, unknownPage) = await SignInAsync(app.Browser(), unknown, "not the password");

        Assert.Equal(HttpStatusCode.OK, knownStatus);
        Assert.Equal(knownStatus, unknownStatus);
        Assert.Contains("The email or password is not right.", knownPage);
        Assert.Equal(Comparable(knownPage, known.Email), Comparable(unknownPage, unknown));
    }

    [Fact]
    public async Task Five_failures_lock_known_and_unknown_emails_alike_for_the_stated_fifteen_minutes()
    {
        var known = await app.CreateUserAsync($"locked-{Guid.NewGuid():N}@example.com", Roles.Annotator);
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";
        var lastAnswers = new List<string>();
        foreach (var email in new[] { known.Email, unknown })
        {
            string page = "";
            for (var attempt = 1; attempt <= SignInService.LockoutThreshold; attempt++)
            {
                (_, page) = await SignInAsync(app.Browser(), email, "not the password");
            }
            Assert.Contains("sign-in with this email is locked for 15 minutes", page);
            var (_, rightPassword) = await SignInAsync(app.Browser(), email, WebAppFixture.Password);
            lastAnswers.Add(Comparable(rightPassword, email));
        }
        Assert.Equal(lastAnswers[0], lastAnswers[1]);
        Assert.Equal(TimeSpan.FromMinutes(15), SignInService.LockoutDuration);
    }

    [Fact]
    public async Task An_admin_sees_a_locked_account_unlocks_it_and_the_audit_log_tells_it_all()
    {
        var user = await app.CreateUserAsync($"unlock-{Guid.NewGuid():N}@example.com", Roles.Annotator);
        for (var attempt = 1; attempt <= SignInService.LockoutThreshold; attempt++)
        {
            await SignInAsync(app.Browser(), user.Email, "not the password");
        }
        var admin = await app.SignedInAsync(app.Admin);
        var userPage = await admin.GetStringAsync($"/users/{user.Id}");
        Assert.Contains("Locked after 5 failed sign-ins", userPage);
        Assert.Contains("sign-in locked", await admin.GetStringAsync("/users"));

        var unlock = await admin.PostAsync($"/users/{user.Id}?handler=Unlock", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = SignInClient.AntiforgeryToken(userPage),
        }));

        Assert.Equal(HttpStatusCode.Redirect, unlock.StatusCode);
        Assert.Contains("Unlocked: the user can sign in again.", await admin.GetStringAsync($"/users/{user.Id}"));
        var (signedIn, _) = await SignInAsync(app.Browser(), user.Email, WebAppFixture.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn);

        var entries = (await app.WithToken(app.Admin).GetFromJsonAsync<JsonElement>("/api/v1/audit?entityType=user&limit=1000"))
            .EnumerateArray().Where(e => e.TryGetProperty("entityId", out var id) && id.ValueKind == JsonValueKind.Number && id.GetInt64() == user.Id)
            .Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(SignInService.LockoutThreshold, entries.Count(a => a == "sign-in-failed"));
        Assert.Contains("locked", entries);
        Assert.Contains("unlocked", entries);
    }

    [Fact]
    public async Task Unlocking_an_account_that_is_not_locked_says_so_and_writes_nothing()
    {
        var user = await app.CreateUserAsync($"free-{Guid.NewGuid():N}@example.com", Roles.Annotator);
        var admin = await app.SignedInAsync(app.Admin);
        var userPage = await admin.GetStringAsync($"/users/{user.Id}");
        Assert.DoesNotContain("Unlock", userPage);

        await admin.PostAsync($"/users/{user.Id}?handler=Unlock", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = SignInClient.AntiforgeryToken(userPage),
        }));

        Assert.Contains("This account was not locked", await admin.GetStringAsync($"/users/{user.Id}"));
        var audit = await app.WithToken(app.Admin).GetStringAsync("/api/v1/audit?action=unlocked&limit=1000");
        Assert.DoesNotContain(user.Email, audit);
    }

    private static async Task<(HttpStatusCode Status, string Page)> SignInAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync("/account/sign-in");
        var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["__RequestVerificationToken"] = SignInClient.AntiforgeryToken(form),
        }));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The page with what must differ between two requests (the typed email, the antiforgery token) taken out.</summary>
    private static string Comparable(string page, string email) =>
        AntiforgeryValue().Replace(page.Replace(email, "EMAIL"), "TOKEN");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"")]
    private static partial Regex AntiforgeryValue();
}
