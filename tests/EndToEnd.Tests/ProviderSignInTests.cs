using System.Net.Http.Json;
using System.Text.Json;
using Labelit.TestSupport.Oidc;
using Microsoft.Playwright;

namespace Labelit.EndToEnd.Tests;

/// <summary>
/// Labelit set up to sign in through the real test OpenID provider (npm oidc-provider on loopback), with
/// its group "labelit-managers" mapped to Manager. Mia manages "birds" (two tasks); nobody else exists yet.
/// </summary>
public sealed class ProviderStack : LabelitStack
{
    public TestOpenIdProvider Provider { get; private set; } = null!;

    protected override Dictionary<string, string> Settings => Provider.Settings()
        .ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value)
        .Concat(new Dictionary<string, string>
        {
            ["Oidc__RoleMappings__0__Value"] = "labelit-managers",
            ["Oidc__RoleMappings__0__Role"] = "Manager",
        }).ToDictionary();

    public override async Task InitializeAsync()
    {
        Provider = await TestOpenIdProvider.StartAsync();
        await base.InitializeAsync();
    }

    protected override async Task SeedAsync()
    {
        await CreateUserAsync("mia@example.com", "Manager");
        await IssueTokenAsync("mia@example.com");
        await CreateProjectAsync("mia@example.com", "Birds");
        await ImportTasksAsync("mia@example.com", "birds", 2);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

public sealed class ProviderSignInTests(ProviderStack labelit, Browser browser) : IClassFixture<ProviderStack>, IClassFixture<Browser>
{
    [Fact]
    public async Task People_sign_in_through_the_provider_as_their_mapped_role_and_an_annotator_labels_through_the_proxy()
    {
        var mona = await SignInThroughProviderAsync("mona");
        await PageAssert.ThatTextAsync(mona.Locator(".who"), "Mona Manager · Manager");
        await Browser.ScreenshotAsync(mona, "provider-1-signed-in-as-manager");

        var ann = await SignInThroughProviderAsync("ann");
        await PageAssert.ThatTextAsync(ann.Locator(".who"), "Ann Provider · Annotator");
        var mia = labelit.Api("mia@example.com");
        var annotators = await mia.GetFromJsonAsync<JsonElement>("/api/v1/annotators");
        var annId = annotators.EnumerateArray().Single(a => a.GetProperty("email").GetString() == "ann@team.example").GetProperty("id").GetInt64();
        var birds = (await mia.GetFromJsonAsync<JsonElement>("/api/v1/projects/")).EnumerateArray().Single().GetProperty("id").GetInt64();
        (await mia.PutAsync($"/api/v1/projects/{birds}/annotators/{annId}", null)).EnsureSuccessStatusCode();

        // Her own LS account is made for her as for anyone assigned: the proxy signs her in to it.
        await ann.GotoAsync("/projects/birds/tasks");
        await ann.Locator("#task-list").WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal(2, await ann.Locator("#task-list [id^=task-]").CountAsync());
    }

    [Fact]
    public async Task An_invited_annotator_sets_a_password_from_the_link_and_sees_their_project()
    {
        var mia = await browser.SignInAsync(labelit.Url, "mia@example.com", LabelitStack.Password);
        await mia.GotoAsync("/invitations");
        await mia.FillAsync("#Form_Email", "ivy@example.com");
        await mia.GetByLabel("Birds").CheckAsync();
        await mia.GetByRole(AriaRole.Button, new() { Name = "Create invitation" }).ClickAsync();
        var link = await mia.Locator("#invitation-link").InnerTextAsync();
        await Browser.ScreenshotAsync(mia, "provider-2-invitation-created");

        var ivy = await browser.NewPersonAsync(labelit.Url);
        await ivy.GotoAsync(link);
        await PageAssert.ThatTextAsync(ivy.Locator("main"), "You are invited as Annotator with ivy@example.com");
        await ivy.FillAsync("#DisplayName", "Ivy Invited");
        await ivy.FillAsync("#Password", "ivy's long password");
        await ivy.GetByRole(AriaRole.Button, new() { Name = "Set password and sign in" }).ClickAsync();
        await PageAssert.ThatTextAsync(ivy.Locator("h1"), "Welcome, Ivy Invited");
        await PageAssert.ThatTextAsync(ivy.Locator("main"), "Birds");
        await Browser.ScreenshotAsync(ivy, "provider-3-invited-annotator-home");

        var again = await browser.NewPersonAsync(labelit.Url);
        await again.GotoAsync(link);
        await PageAssert.ThatTextAsync(again.Locator("main"), "not valid any more");
    }

    private async Task<IPage> SignInThroughProviderAsync(string login)
    {
        var page = await browser.NewPersonAsync(labelit.Url);
        await page.GotoAsync("/account/sign-in");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Test Provider" }).ClickAsync();
        await page.FillAsync("input[name=login]", login);
        await page.FillAsync("input[name=password]", "any password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign-in" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await PageAssert.ThatTextAsync(page.Locator("h1"), "Welcome");
        return page;
    }
}
