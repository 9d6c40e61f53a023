using System.Net;
using Labelit.Web.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Labelit.Web.Tests.Provider;

/// <summary>Sign-in through a real OpenID provider (npm oidc-provider on loopback), refusals included.</summary>
public sealed class ProviderSignInTests(ProviderSignInFixture fixture) : IClassFixture<ProviderSignInFixture>
{
    [Fact]
    public async Task A_person_in_the_managers_group_signs_in_and_lands_as_a_manager()
    {
        using var browser = new ProviderBrowser(fixture.Web);
        var page = await browser.SignInAsync("mona");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("/", page.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("Mona Manager · Manager", await page.Content.ReadAsStringAsync());
        var mona = await fixture.FindUserAsync("mona@team.example");
        Assert.Equal("Manager", mona!.Role);
        var audit = await fixture.Base.Services.GetRequiredService<AuditLog>().ReadAsync(new AuditQuery(EntityType: "user", Action: "created"));
        Assert.Contains(audit, e => e.EntityId == mona.Id && e.Summary.Contains("first sign-in through the provider"));
    }

    [Fact]
    public async Task A_person_without_a_mapped_group_gets_the_default_role_and_is_the_same_user_next_time()
    {
        using var first = new ProviderBrowser(fixture.Web);
        Assert.Contains("Ann Provider · Annotator", await (await first.SignInAsync("ann")).Content.ReadAsStringAsync());
        var ann = await fixture.FindUserAsync("ann@team.example");

        using var again = new ProviderBrowser(fixture.Web);
        Assert.Contains("Ann Provider · Annotator", await (await again.SignInAsync("ann")).Content.ReadAsStringAsync());
        Assert.Equal(ann!.Id, (await fixture.FindUserAsync("ann@team.example"))!.Id);
    }

    [Fact]
    public async Task An_existing_user_with_the_same_verified_email_is_linked_and_sees_their_project()
    {
        using var browser = new ProviderBrowser(fixture.Web);
        var page = await browser.SignInAsync(fixture.Base.AnnotatorAssigned.Email);

        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains($"{fixture.Base.AnnotatorAssigned.DisplayName} · Annotator", html);
        Assert.Contains(fixture.Base.Project.Name, html);
    }

    [Fact]
    public async Task A_deactivated_user_stays_out_whatever_the_provider_says()
    {
        using var browser = new ProviderBrowser(fixture.Web);
        var page = await browser.SignInAsync(fixture.Base.Deactivated.Email);

        await AssertRefusedAsync(page, "This account is deactivated");
        Assert.Equal(HttpStatusCode.Redirect, (await fixture.Base.Browser().GetAsync("/")).StatusCode);
        Assert.False((await fixture.FindUserAsync(fixture.Base.Deactivated.Email))!.IsActive);
    }

    [Theory]
    [InlineData("outsider", "eve@elsewhere.example", "not in a domain allowed")]
    [InlineData("unverified", "uma@team.example", "says your email address is not verified")]
    [InlineData("nogroup", "ned@team.example", "not in a group allowed")]
    public async Task A_person_the_settings_do_not_let_in_is_refused_and_no_user_is_created(string login, string email, string words)
    {
        using var browser = new ProviderBrowser(fixture.Web);
        await AssertRefusedAsync(await browser.SignInAsync(login), words);
        Assert.Null(await fixture.FindUserAsync(email));
        var audit = await fixture.Base.Services.GetRequiredService<AuditLog>().ReadAsync(new AuditQuery(Action: "sign-in-refused"));
        Assert.Contains(audit, e => e.Summary.StartsWith($"Refused sign-in through the provider as {email}"));
    }

    [Fact]
    public async Task With_self_creation_off_only_existing_users_get_in()
    {
        using var browser = new ProviderBrowser(fixture.WithProvider(fixture.Provider.Authority, ("Oidc:CreateUsers", "false")));
        await AssertRefusedAsync(await browser.SignInAsync("newcomer@team.example"), "There is no Labelit account for your email address");
        Assert.Null(await fixture.FindUserAsync("newcomer@team.example"));

        using var existing = new ProviderBrowser(fixture.WithProvider(fixture.Provider.Authority, ("Oidc:CreateUsers", "false")));
        Assert.Contains($"{fixture.Base.AnnotatorOther.DisplayName} · Annotator",
            await (await existing.SignInAsync(fixture.Base.AnnotatorOther.Email)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task With_password_sign_in_off_the_form_is_gone_and_a_password_is_refused()
    {
        var web = fixture.WithProvider(fixture.Provider.Authority, ("Oidc:PasswordSignIn", "false"));
        var client = web.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var page = await client.GetStringAsync("/account/sign-in");
        Assert.Contains("Sign in with Test Provider", page);
        Assert.DoesNotContain("name=\"Password\"", page);

        var posted = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = fixture.Base.Admin.Email,
            ["Password"] = WebAppFixture.Password,
            ["__RequestVerificationToken"] = Labelit.TestSupport.SignInClient.AntiforgeryToken(page),
        }));
        Assert.NotEqual(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.DoesNotContain(posted.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("labelit="));
    }

    [Fact]
    public async Task A_token_naming_another_issuer_is_refused()
    {
        using var browser = new ProviderBrowser(fixture.WithProvider(fixture.Provider.ImpostorAuthority));
        await AssertRefusedAsync(await browser.SignInAsync("ivy@team.example"), "did not come from Test Provider");
        Assert.Null(await fixture.FindUserAsync("ivy@team.example"));
    }

    [Fact]
    public async Task An_answer_replayed_in_another_browser_or_used_twice_is_refused()
    {
        using var victim = new ProviderBrowser(fixture.Web);
        var answer = await victim.SignInAtProviderAsync("rita@team.example");

        using var attacker = new ProviderBrowser(fixture.Web);
        await AssertRefusedAsync(await attacker.DeliverAsync(answer), "already used, or was not started in this browser");
        Assert.Null(await fixture.FindUserAsync("rita@team.example"));

        Assert.Contains("rita · Annotator", await (await victim.DeliverAsync(answer)).Content.ReadAsStringAsync());
        using var later = new ProviderBrowser(fixture.Web);
        await AssertRefusedAsync(await later.DeliverAsync(answer), "already used");
    }

    [Fact]
    public async Task An_answer_after_the_sign_in_timeout_is_refused()
    {
        using var browser = new ProviderBrowser(fixture.Web);
        var answer = await browser.SignInAtProviderAsync("slow@team.example");
        fixture.Clock.Offset = TimeSpan.FromMinutes(16);
        try
        {
            await AssertRefusedAsync(await browser.DeliverAsync(answer), "took too long");
        }
        finally
        {
            fixture.Clock.Offset = TimeSpan.Zero;
        }
        Assert.Null(await fixture.FindUserAsync("slow@team.example"));
    }

    [Fact]
    public async Task An_id_token_whose_nonce_belongs_to_another_sign_in_is_refused()
    {
        using var browser = new ProviderBrowser(fixture.Web);
        using var other = new ProviderBrowser(fixture.Web);
        var answer = await browser.SignInAtProviderAsync("nina@team.example");
        await other.SignInAtProviderAsync("nina@team.example");
        // This browser now holds the other sign-in's nonce instead of its own; its state is untouched.
        foreach (Cookie cookie in browser.Cookies.GetAllCookies())
        {
            if (cookie.Name.StartsWith(".AspNetCore.OpenIdConnect.Nonce.", StringComparison.Ordinal))
                cookie.Expired = true;
        }
        foreach (Cookie cookie in other.Cookies.GetAllCookies())
        {
            if (cookie.Name.StartsWith(".AspNetCore.OpenIdConnect.Nonce.", StringComparison.Ordinal))
                browser.Cookies.Add(new Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain));
        }

        await AssertRefusedAsync(await browser.DeliverAsync(answer), "does not belong to the sign-in this browser started");
        Assert.Null(await fixture.FindUserAsync("nina@team.example"));
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage page, string words)
    {
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal("/account/sign-in/refused", page.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(words), html);
    }
}
