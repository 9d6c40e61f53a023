using Labelit.TestSupport;
using Microsoft.Playwright;

namespace Labelit.EndToEnd.Tests;

/// <summary>
/// The whole team story in a real browser against Labelit started by its AppHost: the admin adds a
/// manager and two annotators, the manager creates a project and assigns one annotator, and only that
/// annotator sees it.
/// </summary>
public sealed class TeamSetupTests(Browser browser) : IClassFixture<Browser>
{
    private const string Password = "a long enough password";

    [Fact]
    public async Task Admin_adds_people_manager_creates_and_staffs_a_project_only_the_assigned_annotator_sees_it()
    {
        var dataDirectory = TestDirectories.Create("labelit-e2e-");
        var host = AppHostProcess.Start(dataDirectory, new Dictionary<string, string>
        {
            // The unattended first-admin path: no admin exists, so Web creates this one at start.
            ["Bootstrap__AdminEmail"] = "admin@example.com",
            ["Bootstrap__AdminPassword"] = Password,
        });
        await using (host)
        try
        {
            var url = await host.WaitForAsync(@"Labelit is running: open (\S+)", TimeSpan.FromMinutes(3));

            var admin = await SignInAsync(url, "admin@example.com");
            await CreateUserAsync(admin, "manager@example.com", "Mia Manager", "Manager");
            await CreateUserAsync(admin, "ann@example.com", "Ann Annotator", "Annotator");
            await CreateUserAsync(admin, "bob@example.com", "Bob Annotator", "Annotator");
            await Browser.ScreenshotAsync(admin, "1-admin-users");
            Assert.Equal(4, await admin.Locator("tbody tr").CountAsync());

            var manager = await SignInAsync(url, "manager@example.com");
            await PageAssert.ThatAsync(manager.Locator("nav"), nav => nav.GetByText("Users"), expectedCount: 0);
            await manager.GotoAsync("/projects/new");
            await manager.FillAsync("#Form_Name", "Street signs");
            await manager.FillAsync("#Form_Description", "Boxes around every traffic sign");
            await manager.FillAsync("#Form_LabelConfig",
                "<View><Image name=\"photo\" value=\"$photo\"/><RectangleLabels name=\"sign\" toName=\"photo\"><Label value=\"Stop\"/><Label value=\"Yield\"/></RectangleLabels></View>");
            await manager.GetByText("Check label config").ClickAsync();
            await PageAssert.ThatTextAsync(manager.Locator("#label-config-preview"), "Data keys each task needs: photo");
            await PageAssert.ThatTextAsync(manager.Locator("#label-config-preview"), "COCO");
            await manager.GetByRole(AriaRole.Button, new() { Name = "Create project" }).ClickAsync();
            await PageAssert.ThatTextAsync(manager.Locator("h1"), "Street signs"); // the new project's page
            var projectUrl = manager.Url;
            await manager.SelectOptionAsync("select[name=userId]", new SelectOptionValue { Label = "Ann Annotator (ann@example.com)" });
            await manager.GetByRole(AriaRole.Button, new() { Name = "Assign" }).ClickAsync();
            await PageAssert.ThatTextAsync(manager.Locator("[role=status]"), "Annotator assigned.");
            await Browser.ScreenshotAsync(manager, "2-manager-project");

            var ann = await SignInAsync(url, "ann@example.com");
            await PageAssert.ThatTextAsync(ann.Locator("main"), "Street signs");
            await PageAssert.ThatAsync(ann.Locator("[data-project=street-signs]").GetByRole(AriaRole.Link, new() { Name = "Label" }), l => l, expectedCount: 1);
            await Browser.ScreenshotAsync(ann, "3-assigned-annotator-home");

            var bob = await SignInAsync(url, "bob@example.com");
            await PageAssert.ThatTextAsync(bob.Locator("main"), "You are not assigned to any active project yet.");
            Assert.DoesNotContain("Street signs", await bob.Locator("main").InnerTextAsync());
            var refused = await bob.GotoAsync(projectUrl);
            Assert.Equal(403, refused!.Status);
            await Browser.ScreenshotAsync(bob, "4-unassigned-annotator-refused");

            Assert.Equal(0, await host.StopAsync(TimeSpan.FromMinutes(1)));
        }
        catch
        {
            await browser.ScreenshotEveryPageAsync("failure");
            throw;
        }
        Directory.Delete(dataDirectory, recursive: true);
    }

    private async Task<IPage> SignInAsync(string url, string email)
    {
        var page = await browser.NewPersonAsync(url);
        await page.GotoAsync("/");
        await page.FillAsync("#Email", email);
        await page.FillAsync("#Password", Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await PageAssert.ThatTextAsync(page.Locator("h1"), "Welcome"); // signed in: the home page greets them
        return page;
    }

    private static async Task CreateUserAsync(IPage admin, string email, string name, string role)
    {
        await admin.GotoAsync("/users/new");
        await admin.FillAsync("#Form_Email", email);
        await admin.FillAsync("#Form_DisplayName", name);
        await admin.SelectOptionAsync("#Form_Role", role);
        await admin.FillAsync("#Form_Password", Password);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        // What the admin sees: the list, now with the new person in it.
        await PageAssert.ThatTextAsync(admin.Locator("table"), email);
    }
}
