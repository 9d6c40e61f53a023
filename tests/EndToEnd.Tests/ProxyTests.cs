using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Labelit.EndToEnd.Tests;

/// <summary>People reach their project's Label Studio only through Labelit, signed in as themselves.</summary>
public sealed class ProxyTests(LabelitStack labelit, Browser browser) : IClassFixture<LabelitStack>, IClassFixture<Browser>
{
    [Fact]
    public async Task Two_projects_side_by_side_keep_their_sign_ins_and_each_annotation_is_recorded_under_its_author()
    {
        try
        {
            // Ann has both projects open in one browser, in two tabs.
            var ann = await SignInAsync("ann@example.com");
            var birdsTab = ann;
            var carsTab = await ann.Context.NewPageAsync();
            await birdsTab.GotoAsync("/projects/birds/label");
            await carsTab.GotoAsync("/projects/cars/label");
            await LabelAsync(carsTab, "Rare");
            await LabelAsync(birdsTab, "Common");
            await LabelAsync(carsTab, "Common"); // the birds tab signing in did not sign cars out
            await Browser.ScreenshotAsync(carsTab, "5-annotator-labelling-through-proxy");

            var bob = await SignInAsync("bob@example.com");
            await bob.GotoAsync("/projects/cars/label");
            await LabelAsync(bob, "Rare");
            var refused = await bob.GotoAsync("/projects/birds/tasks");
            Assert.Equal(403, refused!.Status);

            // The browser never holds an LS cookie: only Labelit's.
            var cookieNames = (await ann.Context.CookiesAsync()).Select(c => c.Name).ToList();
            Assert.DoesNotContain("sessionid", cookieNames);
            Assert.DoesNotContain("csrftoken", cookieNames);

            var cars = await AuthorsAsync("cars");
            Assert.Equal(2, cars.Count(author => author == "ann@example.com"));
            Assert.Equal(1, cars.Count(author => author == "bob@example.com"));
            Assert.Equal(["ann@example.com"], await AuthorsAsync("birds"));
        }
        catch
        {
            await browser.ScreenshotEveryPageAsync("proxy-failure");
            throw;
        }
    }

    [Fact]
    public async Task An_annotator_labels_through_the_stream_as_LS_s_UI_does_and_meets_no_refusal()
    {
        var ann = await SignInAsync("ann@example.com");
        var refused = new List<string>();
        ann.Response += (_, response) =>
        {
            if (response.Url.Contains("/ls/", StringComparison.Ordinal) && response.Status >= 400)
                refused.Add($"{response.Request.Method} {response.Url} -> {response.Status}");
        };
        try
        {
            // The task list: LS's Data Manager makes its first tab and reads the members.
            await ann.GotoAsync("/projects/birds/tasks");
            await ann.WaitForFunctionAsync("() => document.querySelector('#dm-status')?.textContent === 'ready'", null, new() { Timeout = 60_000 });

            // The stream: next task, history, members and ML backends read; a draft autosaved as she
            // changes her mind; submitted; then back to the task she just did.
            await ann.GotoAsync("/projects/birds/label");
            await ann.WaitForFunctionAsync("() => document.body.dataset.editorReady === 'true'", null, new() { Timeout = 60_000 });
            var labelled = await ann.Locator("#labeling-task-id").InnerTextAsync();
            await ann.GetByLabel("Rare").CheckAsync();
            await ann.Locator("#draft-status").Filter(new() { HasText = "Draft saved" }).WaitForAsync();
            await ann.GetByLabel("Common").CheckAsync();
            // As a person would: the changed draft is saved before she submits (a draft saved after the
            // submit would find it gone, as in LS).
            await ann.Locator("#draft-status").Filter(new() { HasText = "Draft saved" }).WaitForAsync();
            await ann.Locator("#submit-annotation").ClickAsync();
            await ann.WaitForFunctionAsync("taskId => document.querySelector('#labeling-task-id')?.textContent !== taskId && document.body.dataset.editorReady === 'true'",
                labelled, new() { Timeout = 15_000 });
            await ann.Locator("#history-back").ClickAsync();
            await ann.WaitForFunctionAsync("taskId => document.querySelector('#labeling-task-id')?.textContent === taskId && document.body.dataset.editorReady === 'true'",
                labelled, new() { Timeout = 15_000 });
            await Browser.ScreenshotAsync(ann, "6-annotator-back-in-history");

            Assert.True(refused.Count == 0, $"Refused through the proxy:\n{string.Join("\n", refused)}");
            var admin = await labelit.SignedInAsync("admin@example.com");
            var task = await admin.GetFromJsonAsync<JsonElement>($"/projects/birds/ls/api/tasks/{labelled}/");
            var hers = task.GetProperty("annotations").EnumerateArray().Last();
            Assert.Equal("Common", hers.GetProperty("result")[0].GetProperty("value").GetProperty("choices")[0].GetString());
            Assert.StartsWith("Ann Annotator ann@example.com", hers.GetProperty("created_username").GetString());
            Assert.Empty(task.GetProperty("drafts").EnumerateArray());
        }
        catch
        {
            await browser.ScreenshotEveryPageAsync("stream-failure");
            throw;
        }
    }

    [Theory]
    [InlineData("project deletion", "DELETE", "/api/projects/{id}/")]
    [InlineData("project settings", "PATCH", "/api/projects/{id}/")]
    [InlineData("settings pages", "GET", "/projects/{id}/settings")]
    [InlineData("import", "POST", "/api/projects/{id}/import")]
    [InlineData("export", "GET", "/api/projects/{id}/export?exportType=JSON")]
    [InlineData("export snapshots", "POST", "/api/projects/{id}/exports/")]
    [InlineData("storages", "GET", "/api/storages/s3/?project={id}")]
    [InlineData("webhooks", "GET", "/api/webhooks/")]
    [InlineData("members", "POST", "/api/users/")]
    [InlineData("organization", "GET", "/api/organizations/")]
    [InlineData("invites", "GET", "/api/invite")]
    [InlineData("tokens", "POST", "/api/token/")]
    [InlineData("LS sign-in pages", "GET", "/user/logout/")]
    [InlineData("Django admin", "GET", "/admin/")]
    public async Task An_annotator_is_refused(string group, string method, string path)
    {
        var ann = await labelit.SignedInAsync("ann@example.com");
        var lsProjectId = await LabelitStack.LsProjectIdAsync(ann, "cars");
        using var request = new HttpRequestMessage(new HttpMethod(method), "/projects/cars/ls" + path.Replace("{id}", lsProjectId.ToString()));
        if (method is "POST" or "PATCH")
        {
            request.Content = JsonContent.Create(new { title = "changed by an annotator" });
        }

        var response = await ann.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{group}: {method} {path} answered {(int)response.StatusCode}");
        // The project is still there and unchanged.
        var project = await ann.GetFromJsonAsync<JsonElement>($"/projects/cars/ls/api/projects/{lsProjectId}/");
        Assert.Equal("Cars", project.GetProperty("title").GetString());
    }

    [Fact]
    public async Task An_annotator_cannot_change_someone_elses_annotation_but_can_change_their_own()
    {
        var bob = await labelit.SignedInAsync("bob@example.com");
        var ann = await labelit.SignedInAsync("ann@example.com");
        var lsProjectId = await LabelitStack.LsProjectIdAsync(bob, "cars");
        var task = (await bob.GetFromJsonAsync<JsonElement>($"/projects/cars/ls/api/tasks/?project={lsProjectId}")).GetProperty("tasks")[0].GetProperty("id").GetInt64();
        var result = new[] { new { from_name = "kind", to_name = "text", type = "choices", value = new { choices = new[] { "Rare" } } } };
        var created = await bob.PostAsJsonAsync($"/projects/cars/ls/api/tasks/{task}/annotations/", new { result });
        var annotation = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var byAnn = await ann.DeleteAsync($"/projects/cars/ls/api/annotations/{annotation}/");
        var byBob = await bob.PatchAsJsonAsync($"/projects/cars/ls/api/annotations/{annotation}/", new { result });

        Assert.Equal(HttpStatusCode.Forbidden, byAnn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byBob.StatusCode);
    }

    [Fact]
    public async Task An_annotator_cannot_file_an_annotation_under_someone_elses_name()
    {
        var bob = await labelit.SignedInAsync("bob@example.com");
        var ann = await labelit.SignedInAsync("ann@example.com");
        var lsProjectId = await LabelitStack.LsProjectIdAsync(bob, "cars");
        var task = (await bob.GetFromJsonAsync<JsonElement>($"/projects/cars/ls/api/tasks/?project={lsProjectId}")).GetProperty("tasks")[1].GetProperty("id").GetInt64();
        var result = new[] { new { from_name = "kind", to_name = "text", type = "choices", value = new { choices = new[] { "Rare" } } } };
        var bobs = await (await bob.PostAsJsonAsync($"/projects/cars/ls/api/tasks/{task}/annotations/", new { result })).Content.ReadFromJsonAsync<JsonElement>();
        var bobId = bobs.GetProperty("completed_by").GetInt32();
        async Task<int> CountAsync() => (await bob.GetFromJsonAsync<JsonElement>($"/projects/cars/ls/api/tasks/{task}/annotations/")).GetArrayLength();
        var before = await CountAsync();

        var asBob = await ann.PostAsJsonAsync($"/projects/cars/ls/api/tasks/{task}/annotations/", new { result, completed_by = bobId });
        Assert.Equal(HttpStatusCode.Forbidden, asBob.StatusCode);
        Assert.Contains("only as themselves", await asBob.Content.ReadAsStringAsync());
        Assert.Equal(before, await CountAsync());

        var asAnn = await ann.PostAsJsonAsync($"/projects/cars/ls/api/tasks/{task}/annotations/", new { result });
        Assert.Equal(HttpStatusCode.Created, asAnn.StatusCode);
        var annId = (await asAnn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var handedOver = await ann.PatchAsJsonAsync($"/projects/cars/ls/api/annotations/{annId}/", new { completed_by = bobId });
        Assert.Equal(HttpStatusCode.Forbidden, handedOver.StatusCode);
    }

    [Fact]
    public async Task Label_Studio_calls_through_Labelit_do_not_wait_for_delayed_acknowledgements()
    {
        // The instances run in the stand-in's LS wire mode, where a kept-alive client that delays its
        // acknowledgements waits ~40 ms per response (docs/label-studio-latency.md).
        var ann = await labelit.SignedInAsync("ann@example.com");
        await LabelitStack.LsProjectIdAsync(ann, "cars");
        var times = new List<double>();
        for (var i = 0; i < 21; i++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            using var response = await ann.GetAsync("/projects/cars/ls/api/version/");
            await response.Content.ReadAsByteArrayAsync();
            response.EnsureSuccessStatusCode();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        // A waiting client never gets an answer in under 40 ms (Linux's shortest delayed ACK), so a third
        // of the calls well under that shows there is no wait, even on a machine too busy for a fast median.
        Assert.True(times[times.Count / 3] < 30, $"a third of the LS calls through Labelit took {times[times.Count / 3]:0.0} ms or more (median {times[times.Count / 2]:0.0} ms)");
    }

    [Fact]
    public async Task A_request_body_sent_in_chunks_reaches_Label_Studio_whole()
    {
        var mia = await labelit.SignedInAsync("mia@example.com");
        await LabelitStack.LsProjectIdAsync(mia, "cars");
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/projects/cars/ls/api/projects/validate/")
        {
            Content = JsonContent.Create(new { label_config = "<View><Text name=\"t\" value=\"$text\"/></View>" }),
        };
        Assert.Null(chunked.Content.Headers.ContentLength); // JsonContent has no length: it is sent chunked

        var response = await mia.SendAsync(chunked);

        // LS reads a chunked body as empty, and an empty config is invalid (400): the config arrived.
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task A_page_the_proxy_refuses_says_why_in_words_with_a_way_back_while_scripts_get_ProblemDetails()
    {
        var ann = await SignInAsync("ann@example.com");
        var api = await labelit.SignedInAsync("ann@example.com");
        var lsProjectId = await LabelitStack.LsProjectIdAsync(api, "cars");

        var page = await ann.GotoAsync($"/projects/cars/ls/projects/{lsProjectId}/settings");
        var script = await api.GetAsync($"/projects/cars/ls/api/projects/{lsProjectId}/export?exportType=JSON");

        Assert.Equal(403, page!.Status);
        Assert.Equal("Not allowed", await ann.Locator("h1").InnerTextAsync());
        Assert.Equal("This part of Label Studio is for the project's manager and admins only.", await ann.Locator("#refusal-reason").InnerTextAsync());
        Assert.DoesNotContain("\"status\"", await ann.ContentAsync()); // words, not raw JSON
        await Browser.ScreenshotAsync(ann, "7-refused-page");
        await ann.Locator("#refusal-back").ClickAsync();
        await ann.WaitForURLAsync("**/projects/cars/ls/**");
        // LS's own page carries a way back to the project in Labelit.
        await ann.Locator("#labelit-back").ClickAsync();
        await ann.WaitForURLAsync($"**/projects/{await ProjectIdAsync("cars")}");
        Assert.Equal("Cars", await ann.Locator("h1").First.InnerTextAsync());
        Assert.Equal(HttpStatusCode.Forbidden, script.StatusCode);
        Assert.Equal("application/problem+json", script.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_deactivated_annotator_loses_access_at_once()
    {
        await labelit.CreateUserAsync("dan@example.com", "Annotator");
        await labelit.AssignAsync("mia@example.com", await ProjectIdAsync("cars"), "dan@example.com");
        var dan = await SignInAsync("dan@example.com");
        await dan.GotoAsync("/projects/cars/tasks");
        await dan.Locator("#task-list").WaitForAsync(new() { Timeout = 60_000 });

        var deactivate = await labelit.Api("admin@example.com").PutAsJsonAsync($"/api/v1/users/{labelit.UserIds["dan@example.com"]}",
            new { displayName = "dan", role = "Annotator", isActive = false, version = await VersionAsync("dan@example.com") });
        deactivate.EnsureSuccessStatusCode();

        await dan.ReloadAsync();
        Assert.Contains("/account/sign-in", dan.Url);
    }

    [Fact]
    public async Task A_forged_label_studio_cookie_or_token_gets_nowhere()
    {
        var stranger = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(labelit.Url) };
        using var anonymous = new HttpRequestMessage(HttpMethod.Get, "/projects/cars/ls/api/current-user/whoami");
        anonymous.Headers.Add("Cookie", "sessionid=forged; csrftoken=forged");
        anonymous.Headers.Add("X-Api-Key", "forged-token");
        var refused = await stranger.SendAsync(anonymous);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/account/sign-in", refused.Headers.Location!.OriginalString);

        // Signed in to Labelit as Bob, with someone else's credentials added: LS still sees Bob.
        var bob = await labelit.SignedInAsync("bob@example.com");
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/projects/cars/ls/api/current-user/whoami");
        forged.Headers.Add("Authorization", "Token forged-admin-token");
        forged.Headers.Add("X-Api-Key", "forged-admin-token");
        var whoami = await (await bob.SendAsync(forged)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("bob@example.com", whoami.GetProperty("email").GetString());
    }

    private Task<IPage> SignInAsync(string email) => browser.SignInAsync(labelit.Url, email, LabelitStack.Password);

    /// <summary>On LS's labelling page: pick a choice, submit, and wait until LS has saved it.</summary>
    private static async Task LabelAsync(IPage page, string choice)
    {
        await page.Locator("#submit-annotation").WaitForAsync(new() { Timeout = 60_000 });
        var task = await page.Locator("#labeling-task-id").InnerTextAsync();
        await page.GetByLabel(choice).CheckAsync();
        await page.Locator("#submit-annotation").ClickAsync();
        await page.WaitForFunctionAsync("taskId => { const e = document.querySelector('#labeling-task-id'); return !e || e.textContent !== taskId; }",
            task, new() { Timeout = 15_000 });
    }

    /// <summary>Who wrote each annotation of the project, by the email of their LS account (their Labelit email).</summary>
    private async Task<List<string>> AuthorsAsync(string slug)
    {
        var admin = await labelit.SignedInAsync("admin@example.com");
        var lsProjectId = await LabelitStack.LsProjectIdAsync(admin, slug);
        var users = (await admin.GetFromJsonAsync<JsonElement>($"/projects/{slug}/ls/api/users/")).EnumerateArray()
            .ToDictionary(u => u.GetProperty("id").GetInt32(), u => u.GetProperty("email").GetString()!);
        var export = await admin.GetFromJsonAsync<JsonElement>($"/projects/{slug}/ls/api/projects/{lsProjectId}/export?exportType=JSON");
        return export.EnumerateArray()
            .SelectMany(task => task.GetProperty("annotations").EnumerateArray())
            .Select(annotation => users[annotation.GetProperty("completed_by").GetInt32()])
            .ToList();
    }

    private async Task<long> ProjectIdAsync(string slug) =>
        (await labelit.Api("mia@example.com").GetFromJsonAsync<JsonElement>("/api/v1/projects/")).EnumerateArray()
            .Single(p => p.GetProperty("slug").GetString() == slug).GetProperty("id").GetInt64();

    private async Task<int> VersionAsync(string email) =>
        (await labelit.Api("admin@example.com").GetFromJsonAsync<JsonElement>($"/api/v1/users/{labelit.UserIds[email]}")).GetProperty("version").GetInt32();
}
