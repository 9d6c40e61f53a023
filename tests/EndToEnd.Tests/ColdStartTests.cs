using Microsoft.Playwright;

namespace Labelit.EndToEnd.Tests;

/// <summary>Labelit with instances stopped after a few idle seconds, so a test can watch one wake up.</summary>
public sealed class IdleLabelitStack : LabelitStack
{
    protected override Dictionary<string, string> Settings => new()
    {
        ["Instances__IdleTimeout"] = "00:00:08",
        ["Instances__ReconcileInterval"] = "00:00:01",
    };

    protected override async Task SeedAsync()
    {
        await CreateUserAsync("mia@example.com", "Manager");
        await CreateUserAsync("ann@example.com", "Annotator");
        var project = await CreateProjectAsync("admin@example.com", "Owls");
        await AssignAsync("admin@example.com", project, "ann@example.com");
        await ImportTasksAsync("admin@example.com", "owls", 2);
    }
}

public sealed class ColdStartTests(IdleLabelitStack labelit, Browser browser) : IClassFixture<IdleLabelitStack>, IClassFixture<Browser>
{
    [Fact]
    public async Task An_idle_instance_is_stopped_and_the_next_visitor_sees_it_start_then_lands_on_their_page()
    {
        var admin = await labelit.SignedInAsync("admin@example.com");
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!(await admin.GetStringAsync("/projects")).Contains("Owls") ||
               !(await ProjectPageAsync(admin)).Contains("stopped while idle"))
        {
            Assert.True(DateTime.UtcNow < deadline, "The idle instance was never stopped.");
            await Task.Delay(500);
        }

        var ann = await browser.NewPersonAsync(labelit.Url);
        await ann.GotoAsync("/account/sign-in");
        await ann.FillAsync("#Email", "ann@example.com");
        await ann.FillAsync("#Password", LabelitStack.Password);
        await ann.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await PageAssert.ThatTextAsync(ann.Locator("h1"), "Welcome"); // signed in: the home page greets them

        var first = await ann.GotoAsync("/projects/owls/tasks");
        Assert.Contains("Starting Label Studio...", await first!.TextAsync());
        await Browser.ScreenshotAsync(ann, "6-starting-label-studio");

        // No click: the page reloads itself and lands on the task list once LS is up.
        await ann.Locator("#task-list").WaitForAsync(new() { Timeout = 60_000 });
        Assert.Contains("/projects/owls/ls/projects/", ann.Url);
        Assert.Equal(2, await ann.Locator("#task-list [id^=task-]").CountAsync());
    }

    private static async Task<string> ProjectPageAsync(HttpClient admin)
    {
        var list = await admin.GetStringAsync("/projects");
        var id = System.Text.RegularExpressions.Regex.Match(list, "href=\"/projects/(\\d+)\">Owls").Groups[1].Value;
        return await admin.GetStringAsync($"/projects/{id}");
    }
}
