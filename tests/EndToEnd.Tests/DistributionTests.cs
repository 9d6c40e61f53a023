using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Labelit.EndToEnd.Tests;

/// <summary>The stack's team plus "Signs": Ann, Bob and Cid, tasks split with overlap 2 before its 6 tasks arrive.</summary>
public sealed class SplitProjectStack : LabelitStack
{
    public const int Tasks = 6;
    public long SignsId { get; private set; }

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
/// Split with overlap 2 through Labelit's proxy, as LS's Data Manager and label stream call it: each
/// annotator's list and stream hold only their tasks, another's task is refused, every task ends up
/// labelled twice, and a rejection reaches its author with the comment.
/// </summary>
public sealed class DistributionTests(SplitProjectStack labelit) : IClassFixture<SplitProjectStack>
{
    private static readonly string[] Annotators = ["ann@example.com", "bob@example.com", "cid@example.com"];

    [Fact]
    public async Task Three_annotators_with_overlap_two_see_and_label_only_their_tasks_and_a_rejection_returns_to_its_author()
    {
        var mia = labelit.Api("mia@example.com");
        var distribution = $"/api/v1/projects/{labelit.SignsId}/distribution/";
        // The Worker learns of the imported tasks at its next progress read (every minute) and splits them.
        var shares = await WaitForAsync(async () =>
        {
            var body = await mia.GetFromJsonAsync<JsonElement>(distribution);
            var counts = body.GetProperty("shares").EnumerateArray().Select(s => s.GetProperty("tasks").GetInt32()).ToList();
            return counts.Sum() == SplitProjectStack.Tasks * 2 ? counts : null;
        });
        Assert.Equal([4, 4, 4], shares);

        var clients = new Dictionary<string, HttpClient>();
        foreach (var email in Annotators)
            clients[email] = await labelit.SignedInAsync(email);
        var lsProjectId = await LabelitStack.LsProjectIdAsync(clients[Annotators[0]], "signs");
        var lists = new Dictionary<string, HashSet<long>>();
        foreach (var (email, client) in clients)
        {
            // The Data Manager asks with its tab; Labelit answers with the annotator's tasks only.
            var list = await client.GetFromJsonAsync<JsonElement>($"/projects/signs/ls/api/tasks?page=1&page_size=30&view=1&project={lsProjectId}");
            lists[email] = list.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetInt64()).ToHashSet();
            Assert.Equal(4, list.GetProperty("total").GetInt32());
            Assert.Equal(4, lists[email].Count);
        }
        var allTasks = lists.Values.SelectMany(l => l).ToList();
        Assert.All(allTasks.Distinct(), t => Assert.Equal(2, allTasks.Count(x => x == t)));

        var notAnns = allTasks.Distinct().First(t => !lists["ann@example.com"].Contains(t));
        var refused = await clients["ann@example.com"].GetAsync($"/projects/signs/ls/api/tasks/{notAnns}/");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("not one of yours", await refused.Content.ReadAsStringAsync());

        // Each labels through the stream until it has nothing left: only their own tasks come.
        var firstOfAnn = 0L;
        foreach (var (email, client) in clients)
        {
            var labelled = new List<long>();
            while (true)
            {
                using var next = await client.PostAsJsonAsync($"/projects/signs/ls/api/dm/actions?id=next_task&project={lsProjectId}&tabID=1",
                    new { ordering = Array.Empty<string>(), filters = new { conjunction = "and", items = Array.Empty<object>() } });
                if (next.StatusCode == HttpStatusCode.NotFound)
                    break;
                var task = (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
                var result = new[] { new { from_name = "kind", to_name = "text", type = "choices", value = new { choices = new[] { "Common" } } } };
                var created = await client.PostAsJsonAsync($"/projects/signs/ls/api/tasks/{task}/annotations/", new { result });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                if (email == "ann@example.com" && firstOfAnn == 0)
                    firstOfAnn = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
                labelled.Add(task);
                Assert.True(labelled.Count <= 4, $"{email} was given more than their 4 tasks");
            }
            Assert.Equal(lists[email].Order(), labelled.Order());
        }

        var admin = await labelit.SignedInAsync("admin@example.com");
        var export = await admin.GetFromJsonAsync<JsonElement>($"/projects/signs/ls/api/projects/{lsProjectId}/export?exportType=JSON");
        Assert.Equal(SplitProjectStack.Tasks, export.GetArrayLength());
        Assert.All(export.EnumerateArray(), t => Assert.Equal(2, t.GetProperty("annotations").EnumerateArray()
            .Select(a => a.GetProperty("completed_by").GetInt32()).Distinct().Count()));

        var rejected = await mia.PostAsJsonAsync($"/api/v1/projects/{labelit.SignsId}/reviews",
            new { annotationId = firstOfAnn, decision = "rejected", comment = "It is a rare one" });
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var annApi = clients["ann@example.com"];
        // The author learns of it once the Worker has read their annotation (its next progress read).
        var returned = await WaitForAsync(async () =>
        {
            var page = await annApi.GetStringAsync($"/projects/{labelit.SignsId}");
            return page.Contains("It is a rare one", StringComparison.Ordinal) ? page : null;
        });
        Assert.Contains($"task {export.EnumerateArray().First(t => t.GetProperty("annotations").EnumerateArray().Any(a => a.GetProperty("id").GetInt64() == firstOfAnn)).GetProperty("id").GetInt64()}", returned);
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(150);
        while (true)
        {
            if (await probe() is { } found)
                return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("Labelit did not get there within 150 s.");
            await Task.Delay(1000);
        }
    }
}
