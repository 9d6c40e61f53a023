using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Labelit.EndToEnd.Tests;

/// <summary>The stack's team plus "Owls", a paused project Ann is assigned to.</summary>
public sealed class PausedProjectStack : LabelitStack
{
    protected override async Task SeedAsync()
    {
        await base.SeedAsync();
        var owls = await CreateProjectAsync("mia@example.com", "Owls");
        await AssignAsync("mia@example.com", owls, "ann@example.com");
        var project = await Api("mia@example.com").GetFromJsonAsync<JsonElement>($"/api/v1/projects/{owls}");
        var paused = await Api("mia@example.com").PutAsJsonAsync($"/api/v1/projects/{owls}", new
        {
            name = "Owls",
            labelConfig = project.GetProperty("labelConfig").GetString(),
            status = "Paused",
            version = project.GetProperty("version").GetInt32(),
        });
        paused.EnsureSuccessStatusCode();
    }
}

/// <summary>
/// The main pages in Chromium at a laptop's width (1280 px) and a phone's (390 px): screenshots of each,
/// nothing wider than the phone's screen, and the words for states a newcomer met.
/// </summary>
public sealed class ResponsiveLayoutTests(PausedProjectStack labelit, Browser browser) : IClassFixture<PausedProjectStack>, IClassFixture<Browser>
{
    private const int PhoneWidth = 390;

    // Elements reaching past the right edge of the viewport, except inside something that scrolls or clips them
    // (a wide table scrolls inside its own box on a phone, which is intended).
    private const string OverflowingElements = """
        () => {
            const width = document.documentElement.clientWidth;
            const contained = element => {
                for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
                    if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(parent).overflowX)) return true;
                }
                return false;
            };
            const wide = [...document.body.querySelectorAll('*')].filter(element => {
                const box = element.getBoundingClientRect();
                return box.width > 0 && box.right > width + 1 && !contained(element);
            });
            const name = element => element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
                + (typeof element.className === 'string' && element.className ? '.' + element.className.trim().replace(/\s+/g, '.') : '');
            return [document.documentElement.scrollWidth > width ? `page scrolls sideways: ${document.documentElement.scrollWidth} px > ${width} px` : null,
                    ...wide.slice(0, 5).map(element => `${name(element)} ends at ${Math.round(element.getBoundingClientRect().right)} px`)]
                .filter(problem => problem !== null);
        }
        """;

    [Fact]
    public async Task The_main_pages_fit_a_phone_and_a_laptop_and_say_each_state_in_words()
    {
        try
        {
            var problems = new List<string>();
            var birds = (await labelit.Api("admin@example.com").GetFromJsonAsync<JsonElement>("/api/v1/projects/"))
                .EnumerateArray().First(p => p.GetProperty("slug").GetString() == "birds").GetProperty("id").GetInt64();

            var visitor = await browser.NewPersonAsync(labelit.Url);
            await CheckAsync(visitor, "/account/sign-in", "anonymous-sign-in", problems);
            await visitor.FillAsync("#Email", "nobody@example.com");
            await visitor.FillAsync("#Password", "not the password");
            await visitor.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await PageAssert.ThatTextAsync(visitor.Locator("[role=alert]"), "The email or password is not right.");

            var admin = await browser.SignInAsync(labelit.Url, "admin@example.com", LabelitStack.Password);
            string[] adminPages =
            [
                "/", "/projects", $"/projects/{birds}", $"/projects/{birds}/edit", $"/projects/{birds}/dataset", "/users",
                $"/users/{labelit.UserIds["ann@example.com"]}", "/audit", "/admin/storage", "/admin/storage/connections", "/account/tokens",
            ];
            foreach (var path in adminPages)
            {
                await CheckAsync(admin, path, "admin" + path.Replace('/', '-').TrimEnd('-'), problems);
            }

            var ann = await browser.SignInAsync(labelit.Url, "ann@example.com", LabelitStack.Password);
            await CheckAsync(ann, "/", "annotator-home", problems);
            var owls = ann.Locator("[data-project=owls]");
            await PageAssert.ThatTextAsync(owls, "This project is paused: labelling is stopped for now.");
            await PageAssert.ThatTextAsync(owls, "Ask its manager, Mia Manager (mia@example.com), when it resumes.");
            await PageAssert.ThatAsync(owls, o => o.GetByRole(AriaRole.Link, new() { Name = "Label" }), expectedCount: 0);
            await PageAssert.ThatAsync(ann.Locator("[data-project=birds]"), b => b.GetByRole(AriaRole.Link, new() { Name = "Label" }), expectedCount: 1);

            await CheckAsync(ann, "/projects/owls/label", "annotator-paused-label", problems);
            await PageAssert.ThatTextAsync(ann.Locator("#on-hold"), "This project is paused");
            Assert.DoesNotContain("Not allowed", await ann.Locator("main").InnerTextAsync());

            Assert.True(problems.Count == 0, string.Join('\n', problems));
        }
        catch
        {
            await browser.ScreenshotEveryPageAsync("responsive-failure");
            throw;
        }
    }

    [Fact]
    public async Task Actions_are_confirmed_and_the_project_page_follows_an_export_without_a_reload()
    {
        try
        {
            var admin = await browser.SignInAsync(labelit.Url, "admin@example.com", LabelitStack.Password);
            await admin.GotoAsync("/users/new");
            await admin.FillAsync("#Form_Email", "cid@example.com");
            await admin.FillAsync("#Form_DisplayName", "Cid");
            await admin.FillAsync("#Form_Password", LabelitStack.Password);
            await admin.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
            await PageAssert.ThatTextAsync(admin.Locator("#notice"), "cid@example.com can now sign in as Annotator.");

            var mia = await browser.SignInAsync(labelit.Url, "mia@example.com", LabelitStack.Password);
            var cars = (await labelit.Api("mia@example.com").GetFromJsonAsync<JsonElement>("/api/v1/projects/"))
                .EnumerateArray().First(p => p.GetProperty("slug").GetString() == "cars").GetProperty("id").GetInt64();
            await mia.GotoAsync($"/projects/{cars}/edit");
            await MarkPageAsync(mia);
            await mia.FillAsync("#Form_LabelConfig", "<View><Image name=\"image\" value=\"$image\"/>");
            await mia.GetByRole(AriaRole.Button, new() { Name = "Check label config" }).ClickAsync();
            await PageAssert.ThatTextAsync(mia.Locator("#label-config-preview .error"), "not well-formed");
            Assert.True(await IsSamePageAsync(mia), "Checking the label config reloaded the form");

            await mia.GotoAsync($"/projects/{cars}");
            await mia.GetByRole(AriaRole.Button, new() { Name = "Export now" }).ClickAsync();
            await PageAssert.ThatTextAsync(mia.Locator("[role=status]").First, "Export queued");
            await MarkPageAsync(mia);
            // The run goes from queued through running to succeeded in the history while the page stays as it is.
            await mia.Locator("#export-history tr[data-status=succeeded]").WaitForAsync(new() { Timeout = 90_000 });
            Assert.True(await IsSamePageAsync(mia), "The project page reloaded to show the export");
            await PageAssert.ThatTextAsync(mia.Locator("#sync-status"), "No dataset sync yet.");
        }
        catch
        {
            await browser.ScreenshotEveryPageAsync("feedback-failure");
            throw;
        }
    }

    // A mark that a reload or navigation would wipe.
    private static Task MarkPageAsync(IPage page) => page.EvaluateAsync("() => { window.labelitTestMark = 1; }");

    private static Task<bool> IsSamePageAsync(IPage page) => page.EvaluateAsync<bool>("() => window.labelitTestMark === 1");

    /// <summary>Opens the page at 1280 px and at 390 px, screenshots both, and notes what overflows the phone's width.</summary>
    private static async Task CheckAsync(IPage page, string path, string name, List<string> problems)
    {
        await page.SetViewportSizeAsync(1280, 800);
        var response = await page.GotoAsync(path);
        Assert.NotNull(response);
        Assert.True(response.Status is 200 or 403, $"{path} answered {response.Status}");
        await Browser.ScreenshotAsync(page, $"layout-{name}-1280");

        await page.SetViewportSizeAsync(PhoneWidth, 844);
        await Browser.ScreenshotAsync(page, $"layout-{name}-{PhoneWidth}");
        foreach (var problem in await page.EvaluateAsync<string[]>(OverflowingElements))
        {
            problems.Add($"{path} at {PhoneWidth} px: {problem}");
        }
    }
}
