using System.Text.Json;
using System.Text.RegularExpressions;
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
    public async Task The_manager_watches_two_annotators_work_and_agree_on_the_project_page_without_reloading_it_and_exports_a_file_per_annotator()
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
            var annTasks = await LabelAsync(ann, 3);
            await LabelAsync(bob, 1);

            await PageAssert.ThatTextAsync(mia.Locator("#progress-labelled"), "4", TimeSpan.FromSeconds(30));
            // Each labelled other tasks so far: nothing to compare, and the page says so.
            Assert.Contains("No task has been labelled by more than one annotator yet", await mia.Locator("#agreement-none").InnerTextAsync());

            // Bob opens a task Ann labelled, as the Data Manager does, and chooses otherwise.
            var overlapped = annTasks[0];
            var lsProject = LsProjectOf(bob.Url);
            await bob.GotoAsync($"/projects/tally/ls/projects/{lsProject}/data?task={overlapped}");
            await LabelOpenTaskAsync(bob, "Rare");

            await PageAssert.ThatTextAsync(mia.Locator("tr[data-annotator='Bob Annotator'] td.done"), "2", TimeSpan.FromSeconds(30));
            Assert.Equal("4", await mia.Locator("#progress-labelled").InnerTextAsync());
            Assert.Equal(ProgressStack.Tasks - 4, int.Parse(await mia.Locator("#progress-remaining").InnerTextAsync()));
            Assert.Equal("3", await mia.Locator("tr[data-annotator='Ann Annotator'] td.done").InnerTextAsync());
            // Both labelled today: one stacked bar with a segment for each of them, each with its tooltip.
            Assert.Equal(2, await mia.Locator("#chart-daily rect.bar").CountAsync());
            Assert.Equal("Ann Annotator: 3 tasks on " + DateTime.UtcNow.ToString("yyyy-MM-dd"),
                await mia.Locator("#chart-daily rect.bar title").First.TextContentAsync());
            // Agreement on the one task both labelled: Common against Rare.
            await PageAssert.ThatTextAsync(mia.Locator("#agreement-pairs td.agreement"), "0 %", TimeSpan.FromSeconds(10));
            Assert.Contains("On the 1 task labelled by more than one person, annotators agree 0 %", await mia.Locator("#agreement-overall").InnerTextAsync());
            Assert.Equal("Ann Annotator and Bob Annotator", await mia.Locator("#agreement-pairs tbody td").First.InnerTextAsync());
            var taskLink = mia.Locator($"#agreement-tasks tr[data-task='{overlapped}'] a");
            Assert.Equal($"/projects/tally/ls/projects/{lsProject}/data?task={overlapped}", await taskLink.GetAttributeAsync("href"));
            Assert.True(await mia.EvaluateAsync<bool>("() => window.sameLoad === true"), "The project page was reloaded.");
            await Browser.ScreenshotAsync(mia, "progress-manager-page");

            // The link opens that task in Label Studio, through Labelit.
            await taskLink.ClickAsync();
            await PageAssert.ThatTextAsync(mia.Locator("#labeling-task-id"), overlapped, TimeSpan.FromSeconds(30));

            await ann.GotoAsync("/");
            await PageAssert.ThatTextAsync(ann.Locator("[data-project=tally] .tasks-left"), $"{ProgressStack.Tasks - 4} task left");
            Assert.Equal("you labelled 3", await ann.Locator("[data-project=tally] .done-by-me").InnerTextAsync());

            await ExportPerAnnotatorAsync(mia, overlapped);
        }
        catch
        {
            await browser.ScreenshotEveryPageAsync("progress-failure");
            throw;
        }
    }

    /// <summary>
    /// The manager turns on per-annotator files and exports: each person's file holds their tasks with only
    /// their annotations, beside the whole project's.
    /// </summary>
    private async Task ExportPerAnnotatorAsync(IPage mia, string overlapped)
    {
        await mia.GotoAsync($"/projects/{labelit.ProjectId}/edit");
        await mia.GetByLabel("Also one file per annotator and format").CheckAsync();
        await mia.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await mia.GetByRole(AriaRole.Button, new() { Name = "Export now" }).ClickAsync();
        // The export history follows the run in place.
        await mia.Locator("#export-history tr[data-status=succeeded]").WaitForAsync(new() { Timeout = 90_000 });
        var files = mia.Locator("#export-history tr[data-status=succeeded] a[download]");
        Assert.Equal(["provenance.csv", "tally-JSON-ann-annotator.json", "tally-JSON-bob-annotator.json", "tally-JSON.json"],
            (await files.AllInnerTextsAsync()).Order(StringComparer.Ordinal));

        var whole = await DownloadAsync(mia, files, "tally-JSON.json");
        var annFile = await DownloadAsync(mia, files, "tally-JSON-ann-annotator.json");
        var bobFile = await DownloadAsync(mia, files, "tally-JSON-bob-annotator.json");
        Assert.Equal(2, Annotations(whole).Count(a => a.Task == overlapped));
        Assert.Equal(3, annFile.GetArrayLength());
        Assert.Equal(2, bobFile.GetArrayLength());
        // One author per file, a different one in each, and on the task both labelled each file has its own choice.
        var annAuthors = Annotations(annFile).Select(a => a.Author).Distinct().ToList();
        var bobAuthors = Annotations(bobFile).Select(a => a.Author).Distinct().ToList();
        Assert.Single(annAuthors);
        Assert.Single(bobAuthors);
        Assert.NotEqual(annAuthors[0], bobAuthors[0]);
        Assert.Equal(["Common"], Annotations(annFile).Where(a => a.Task == overlapped).Select(a => a.Choice));
        Assert.Equal(["Rare"], Annotations(bobFile).Where(a => a.Task == overlapped).Select(a => a.Choice));
    }

    private static async Task<JsonElement> DownloadAsync(IPage page, ILocator links, string name)
    {
        var href = await links.Filter(new() { HasTextRegex = new Regex($"^{Regex.Escape(name)}$") }).GetAttributeAsync("href");
        var response = await page.APIRequest.GetAsync(href!);
        Assert.True(response.Ok, $"{name}: HTTP {response.Status}");
        return JsonDocument.Parse(await response.BodyAsync()).RootElement.Clone();
    }

    private static IEnumerable<(string Task, string Author, string Choice)> Annotations(JsonElement export) =>
        export.EnumerateArray().SelectMany(task => task.GetProperty("annotations").EnumerateArray().Select(a => (
            task.GetProperty("id").GetInt64().ToString(),
            a.GetProperty("completed_by").ToString(),
            a.GetProperty("result")[0].GetProperty("value").GetProperty("choices")[0].GetString()!)));

    private static string LsProjectOf(string url) => Regex.Match(url, "/ls/projects/(\\d+)/").Groups[1].Value;

    /// <summary>The person labels <paramref name="count"/> tasks in the labelling stream, as in LS's UI; returns their ids.</summary>
    private static async Task<List<string>> LabelAsync(IPage person, int count)
    {
        await person.GotoAsync("/projects/tally/label");
        var labelled = new List<string>();
        for (var i = 0; i < count; i++)
            labelled.Add(await LabelOpenTaskAsync(person, "Common"));
        return labelled;
    }

    /// <summary>Chooses <paramref name="choice"/> on the task open in LS's labelling page and submits it.</summary>
    private static async Task<string> LabelOpenTaskAsync(IPage person, string choice)
    {
        await person.WaitForFunctionAsync("() => document.body.dataset.editorReady === 'true'", null, new() { Timeout = 60_000 });
        var task = await person.Locator("#labeling-task-id").InnerTextAsync();
        await person.GetByLabel(choice).CheckAsync();
        await person.Locator("#submit-annotation").ClickAsync();
        await person.WaitForFunctionAsync("taskId => document.querySelector('#labeling-task-id')?.textContent !== taskId", task, new() { Timeout = 15_000 });
        return task;
    }
}
