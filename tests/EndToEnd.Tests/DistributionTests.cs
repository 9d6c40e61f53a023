using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Labelit.EndToEnd.Tests;

/// <summary>
/// The stack's team plus "Signs": Ann, Bob and Cid, tasks split with overlap 2 before its 6 tasks
/// arrive; the Worker reads progress (and so splits new tasks and fills the review queue) every 2 s.
/// </summary>
public sealed class SplitProjectStack : LabelitStack
{
    public const int Tasks = 6;
    public long SignsId { get; private set; }

    protected override Dictionary<string, string> Settings => new() { ["Scheduling__IntervalUnit"] = "00:00:02" };

    protected override async Task SeedAsync()
    {
        await base.SeedAsync();
        await CreateUserAsync("cid@example.com", "Annotator");
        SignsId = await CreateProjectAsync("mia@example.com", "Signs");
        foreach (var annotator in new[] { "ann@example.com", "bob@example.com", "cid@example.com" })
            await AssignAsync("mia@example.com", SignsId, annotator);
        (await Api("mia@example.com").PutAsJsonAsync($"/api/v1/projects/{SignsId}/distribution/", new { mode = "split", overlap = 2 })).EnsureSuccessStatusCode();
        await ImportTasksAsync("mia@example.com", "signs", Tasks);
    }
}

/// <summary>
/// Split with overlap 2, in Chromium, through Labelit's proxy and the LS pages' own API calls: each
/// annotator's task list and stream hold only their tasks and another's task is refused in words;
/// every task ends up labelled twice by different people; the manager rejects one annotation on the
/// review page and its author sees the comment on the project page; an export of accepted annotations
/// holds only those.
/// </summary>
public sealed class DistributionTests(SplitProjectStack labelit, Browser browser) : IClassFixture<SplitProjectStack>, IClassFixture<Browser>
{
    private static readonly string[] Annotators = ["ann@example.com", "bob@example.com", "cid@example.com"];
    private const string Comment = "It is a rare one";

    [Fact]
    public async Task Three_annotators_with_overlap_two_label_only_their_tasks_and_the_manager_reviews_them()
    {
        try
        {
            var mia = await browser.SignInAsync(labelit.Url, "mia@example.com", LabelitStack.Password);
            // The Worker splits the imported tasks at its next progress read; the page shows each share.
            var shares = await ReloadUntilAsync(mia, $"/projects/{labelit.SignsId}/review", "#shares tr td:nth-child(2)", texts => texts.Count == 3);
            Assert.Equal(["4", "4", "4"], shares);

            var people = new Dictionary<string, IPage>();
            var lists = new Dictionary<string, List<string>>();
            var lsIds = new Dictionary<string, string>();
            foreach (var email in Annotators)
            {
                var person = people[email] = await browser.SignInAsync(labelit.Url, email, LabelitStack.Password);
                // LS's Data Manager, through Labelit: the list its script reads holds this person's tasks only.
                await person.GotoAsync("/projects/signs/tasks");
                await person.Locator("#task-list").WaitForAsync(new() { Timeout = 60_000 });
                lists[email] = (await person.Locator("#task-list tbody tr").AllInnerTextsAsync()).Select(row => row.Split('\t')[0]).ToList();
                Assert.Equal(4, lists[email].Count);
                var whoami = await person.APIRequest.GetAsync("/projects/signs/ls/api/current-user/whoami");
                lsIds[email] = JsonDocument.Parse(await whoami.BodyAsync()).RootElement.GetProperty("id").ToString();
            }
            var listed = lists.Values.SelectMany(ids => ids).ToList();
            Assert.Equal(SplitProjectStack.Tasks, listed.Distinct().Count());
            Assert.All(listed.Distinct(), id => Assert.Equal(2, listed.Count(x => x == id)));

            // Another's task, opened by its address: LS's page gets Labelit's refusal, in words.
            var ann = people["ann@example.com"];
            var lsProject = Regex.Match(ann.Url, "/ls/projects/(\\d+)/").Groups[1].Value;
            var notAnns = listed.First(id => !lists["ann@example.com"].Contains(id));
            await ann.GotoAsync($"/projects/signs/ls/projects/{lsProject}/data?task={notAnns}");
            await PageAssert.ThatTextAsync(ann.Locator("#annotation-status"), "This task is not one of yours");
            Assert.Equal(0, await ann.Locator("#labeling-task-id").CountAsync());

            // Each labels through LS's stream until it has nothing left: only their own tasks come.
            foreach (var (email, person) in people)
                Assert.Equal(lists[email].Order(), (await LabelStreamAsync(person)).Order());

            var annotations = await ExportedAnnotationsAsync(await labelit.SignedInAsync("admin@example.com"), lsProject);
            Assert.Equal(SplitProjectStack.Tasks * 2, annotations.Count);
            Assert.All(annotations.GroupBy(a => a.Task), task => Assert.Equal(2, task.Select(a => a.Author).Distinct().Count()));

            // The manager rejects one of Ann's annotations with a comment and accepts two of Bob's.
            var rejected = annotations.First(a => a.Author == lsIds["ann@example.com"]);
            var queue = await ReloadUntilAsync(mia, $"/projects/{labelit.SignsId}/review", "#review-queue tr[data-annotation]",
                rows => rows.Count == SplitProjectStack.Tasks * 2);
            Assert.Equal(SplitProjectStack.Tasks * 2, queue.Count);
            await DecideAsync(mia, rejected.Id, "Reject", Comment);
            var accepted = annotations.Where(a => a.Author == lsIds["bob@example.com"]).Take(2).ToList();
            foreach (var annotation in accepted)
                await DecideAsync(mia, annotation.Id, "Accept", null);
            Assert.Equal(SplitProjectStack.Tasks * 2 - 3, await mia.Locator("#review-queue tr[data-annotation]").CountAsync());

            // Ann sees the rejection with its comment on the project page, and its link opens that task.
            await ReloadUntilAsync(ann, $"/projects/{labelit.SignsId}", "#returned-annotations li", items => items.Any(i => i.Contains(Comment)));
            var returned = ann.Locator($"#returned-annotations li[data-annotation='{rejected.Id}']");
            Assert.Contains($"task {rejected.Task}", await returned.InnerTextAsync());
            await returned.Locator("a").ClickAsync();
            await PageAssert.ThatTextAsync(ann.Locator("#labeling-task-id"), rejected.Task, TimeSpan.FromSeconds(30));

            // Exports limited to accepted annotations hold those two only.
            await mia.GotoAsync($"/projects/{labelit.SignsId}/review");
            await mia.GetByLabel("Exports hold accepted annotations only").CheckAsync();
            await mia.Locator("#distribution").GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await mia.GotoAsync($"/projects/{labelit.SignsId}");
            await mia.GetByRole(AriaRole.Button, new() { Name = "Export now" }).ClickAsync();
            await mia.Locator("#export-history tr[data-status=succeeded]").WaitForAsync(new() { Timeout = 90_000 });
            var href = await mia.Locator("#export-history tr[data-status=succeeded] a[download]")
                .Filter(new() { HasTextRegex = new Regex("^signs-JSON\\.json$") }).GetAttributeAsync("href");
            var download = await mia.APIRequest.GetAsync(href!);
            Assert.True(download.Ok, $"signs-JSON.json: HTTP {download.Status}");
            var exported = Annotations(JsonDocument.Parse(await download.BodyAsync()).RootElement);
            Assert.Equal(accepted.Select(a => a.Id).Order(), exported.Select(a => a.Id).Order());
        }
        catch
        {
            await browser.ScreenshotEveryPageAsync("distribution-failure");
            throw;
        }
    }

    private sealed record Annotation(string Id, string Task, string Author);

    /// <summary>Labels every task LS's stream gives, choosing "Common", until it says there is none left; returns their ids.</summary>
    private static async Task<List<string>> LabelStreamAsync(IPage person)
    {
        await person.GotoAsync("/projects/signs/label");
        var labelled = new List<string>();
        while (true)
        {
            var task = person.Locator("#labeling-task-id");
            var done = person.Locator("#no-more-tasks");
            await task.Or(done).WaitForAsync(new() { Timeout = 60_000 });
            if (await done.CountAsync() > 0)
                return labelled;
            var id = await task.InnerTextAsync();
            await person.GetByLabel("Common").CheckAsync();
            await person.Locator("#draft-status").Filter(new() { HasText = "Draft saved" }).WaitForAsync();
            await person.Locator("#submit-annotation").ClickAsync();
            await person.WaitForFunctionAsync("id => document.querySelector('#labeling-task-id')?.textContent !== id", id, new() { Timeout = 30_000 });
            labelled.Add(id);
            Assert.True(labelled.Count <= 4, "An annotator was given more than their 4 tasks.");
        }
    }

    private static async Task DecideAsync(IPage manager, string annotationId, string decision, string? comment)
    {
        var row = manager.Locator($"#review-queue tr[data-annotation='{annotationId}']");
        if (comment is not null)
            await row.GetByLabel("Comment").FillAsync(comment);
        await row.GetByRole(AriaRole.Button, new() { Name = decision }).ClickAsync();
        await row.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 30_000 });
    }

    private static async Task<List<Annotation>> ExportedAnnotationsAsync(HttpClient admin, string lsProject)
    {
        var export = await admin.GetFromJsonAsync<JsonElement>($"/projects/signs/ls/api/projects/{lsProject}/export?exportType=JSON");
        return Annotations(export);
    }

    private static List<Annotation> Annotations(JsonElement export) =>
        export.EnumerateArray().SelectMany(task => task.GetProperty("annotations").EnumerateArray().Select(a => new Annotation(
            a.GetProperty("id").GetInt64().ToString(), task.GetProperty("id").GetInt64().ToString(), a.GetProperty("completed_by").ToString()))).ToList();

    /// <summary>Opens <paramref name="url"/> again every second until the texts of <paramref name="selector"/> satisfy <paramref name="done"/> (150 s).</summary>
    private static async Task<List<string>> ReloadUntilAsync(IPage page, string url, string selector, Func<List<string>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(150);
        while (true)
        {
            await page.GotoAsync(url);
            var texts = (await page.Locator(selector).AllInnerTextsAsync()).ToList();
            if (done(texts))
                return texts;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{url} did not show what was expected within 150 s; it showed: {string.Join(" | ", texts)}");
            await Task.Delay(1000);
        }
    }
}
