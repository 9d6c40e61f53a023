using Microsoft.Playwright;

namespace Labelit.EndToEnd.Tests;

/// <summary>Labelit whose Worker reads progress every 2 s and whose project page refreshes it every 2 s, so a test sees it move.</summary>
public sealed class ProgressStack : LabelitStack
{
    public const int Tasks = 5;

    public long ProjectId { get; private set; }

    protected override Dictionary<string, string> Settings => new()
    {
        ["Scheduling__IntervalUnit"] = "00:00:02", // progress is read every unit
        ["Progress__RefreshSeconds"] = "2",
    };

    protected override async Task SeedAsync()
    {
        await CreateUserAsync("mia@example.com", "Manager");
        await CreateUserAsync("ann@example.com", "Annotator");
        await CreateUserAsync("bob@example.com", "Annotator");
        await IssueTokenAsync("mia@example.com");
        ProjectId = await CreateProjectAsync("mia@example.com", "Tally");
        await AssignAsync("mia@example.com", ProjectId, "ann@example.com");
        await AssignAsync("mia@example.com", ProjectId, "bob@example.com");
        await ImportTasksAsync("mia@example.com", "tally", Tasks);
    }
}

public sealed class ProgressTests(ProgressStack labelit, Browser browser) : IClassFixture<ProgressStack>, IClassFixture<Browser>
{
    [Fact]
    public async Task The_manager_watches_two_annotators_work_on_the_project_page_without_reloading_it()
    {
        try
        {
            var mia = await browser.SignInAsync(labelit.Url, "mia@example.com", LabelitStack.Password);
            await mia.GotoAsync($"/projects/{labelit.ProjectId}");
            await PageAssert.ThatTextAsync(mia.Locator("#progress-total"), ProgressStack.Tasks.ToString(), TimeSpan.FromSeconds(60));
            // Set on this very page: a reload would lose it.
            await mia.EvaluateAsync("() => window.sameLoad = true");

            var ann = await browser.SignInAsync(labelit.Url, "ann@example.com", LabelitStack.Password);
            var bob = await browser.SignInAsync(labelit.Url, "bob@example.com", LabelitStack.Password);
            await LabelAsync(ann, 3);
            await LabelAsync(bob, 1);

            await PageAssert.ThatTextAsync(mia.Locator("#progress-labelled"), "4", TimeSpan.FromSeconds(30));
            Assert.Equal(ProgressStack.Tasks - 4, int.Parse(await mia.Locator("#progress-remaining").InnerTextAsync()));
            Assert.Equal("3", await mia.Locator("tr[data-annotator='Ann Annotator'] td.done").InnerTextAsync());
            Assert.Equal("1", await mia.Locator("tr[data-annotator='Bob Annotator'] td.done").InnerTextAsync());
            // Both labelled today: one stacked bar with a segment for each of them, each with its tooltip.
            Assert.Equal(2, await mia.Locator("#chart-daily rect.bar").CountAsync());
            Assert.Equal("Ann Annotator: 3 tasks on " + DateTime.UtcNow.ToString("yyyy-MM-dd"),
                await mia.Locator("#chart-daily rect.bar title").First.TextContentAsync());
            Assert.True(await mia.EvaluateAsync<bool>("() => window.sameLoad === true"), "The project page was reloaded.");
            await Browser.ScreenshotAsync(mia, "progress-manager-page");

            await ann.GotoAsync("/");
            await PageAssert.ThatTextAsync(ann.Locator("[data-project=tally] .tasks-left"), $"{ProgressStack.Tasks - 4} task left");
            Assert.Equal("you labelled 3", await ann.Locator("[data-project=tally] .done-by-me").InnerTextAsync());
        }
        catch
        {
            await browser.ScreenshotEveryPageAsync("progress-failure");
            throw;
        }
    }

    /// <summary>The person labels <paramref name="count"/> tasks in the labelling stream, as in LS's UI.</summary>
    private static async Task LabelAsync(IPage person, int count)
    {
        await person.GotoAsync("/projects/tally/label");
        for (var i = 0; i < count; i++)
        {
            await person.WaitForFunctionAsync("() => document.body.dataset.editorReady === 'true'", null, new() { Timeout = 60_000 });
            var task = await person.Locator("#labeling-task-id").InnerTextAsync();
            await person.GetByLabel("Common").CheckAsync();
            await person.Locator("#submit-annotation").ClickAsync();
            await person.WaitForFunctionAsync("taskId => document.querySelector('#labeling-task-id')?.textContent !== taskId", task, new() { Timeout = 15_000 });
        }
    }
}
