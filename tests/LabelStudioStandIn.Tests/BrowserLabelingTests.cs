using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Labelit.LabelStudioStandIn.Tests.Support;
using Microsoft.Playwright;

namespace Labelit.LabelStudioStandIn.Tests;

/// <summary>
/// A person in a real browser (Debian's Chromium): signs up with the invite link, opens the task
/// list, labels in the stream and submits. Checks that the page's script really saves annotations
/// under that person's id and moves on.
/// </summary>
public sealed class BrowserLabelingTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task An_annotator_labels_the_stream_in_a_browser_and_the_annotations_are_theirs()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run scripts/deps/chromium.sh.");
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var admin = standIn.CreateClient();
        var project = await ProjectRoundTripTests.CreateProject(admin, "Browser project");
        await admin.SendJsonAsync(HttpMethod.Post, $"/api/projects/{project}/import", Settings.AdminToken,
            new JsonArray(new JsonObject { ["data"] = new JsonObject { ["text"] = "I love it" } },
                new JsonObject { ["data"] = new JsonObject { ["text"] = "I hate it" } }), 201);
        var invite = await admin.SendJsonAsync(HttpMethod.Get, "/api/invite", Settings.AdminToken);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Launch(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = standIn.BaseAddress.ToString() });

        await page.GotoAsync(invite["invite_url"]!.GetValue<string>());
        await page.FillAsync("#email", "browser-annotator@labelit.test");
        await page.FillAsync("#password", "browser-pass");
        await page.ClickAsync("#signup-submit");
        await page.WaitForURLAsync("**/projects/");
        await page.ClickAsync($"#project-{project}");
        await page.ClickAsync("#label-all-tasks");

        var first = await page.InnerTextAsync("#labeling-task-id");
        Assert.Contains("I love it", await page.InnerTextAsync("#task-data"));
        await page.GetByLabel("Positive").CheckAsync();
        await page.ClickAsync("#submit-annotation");
        await page.WaitForFunctionAsync($"() => document.getElementById('labeling-task-id')?.textContent !== '{first}'");
        Assert.Contains("I hate it", await page.InnerTextAsync("#task-data"));
        await page.GetByLabel("Negative").CheckAsync();
        await page.ClickAsync("#submit-annotation");
        await page.WaitForSelectorAsync("#no-more-tasks");

        var export = await admin.SendJsonAsync(HttpMethod.Get, $"/api/projects/{project}/export?exportType=JSON", Settings.AdminToken);
        var annotatorId = (await admin.SendJsonAsync(HttpMethod.Get, "/api/users/", Settings.AdminToken)).AsArray()
            .Single(u => u!["email"]!.GetValue<string>() == "browser-annotator@labelit.test")!["id"]!.GetValue<int>();
        var labels = export.AsArray().Select(t => (
            Text: t!["data"]!["text"]!.GetValue<string>(),
            Choice: t["annotations"]![0]!["result"]![0]!["value"]!["choices"]![0]!.GetValue<string>(),
            Author: t["annotations"]![0]!["completed_by"]!.GetValue<int>()));
        Assert.Equal([("I love it", "Positive", annotatorId), ("I hate it", "Negative", annotatorId)], labels);
    }

    [Fact]
    public async Task With_the_real_LS_editor_a_choice_and_Submit_save_an_annotation_and_move_on()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run scripts/deps/chromium.sh.");
        var editor = await StandInEditor.EnsureAsync();
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance(extra: ("STANDIN_EDITOR_DIR", editor)));
        using var admin = standIn.CreateClient();
        var project = await ProjectRoundTripTests.CreateProject(admin, "Real editor");
        await admin.SendJsonAsync(HttpMethod.Post, $"/api/projects/{project}/import", Settings.AdminToken,
            new JsonArray(new JsonObject { ["data"] = new JsonObject { ["text"] = "first" } },
                new JsonObject { ["data"] = new JsonObject { ["text"] = "second" } }), 201);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Launch(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = standIn.BaseAddress.ToString() });
        await page.GotoAsync("/user/login/");
        await page.FillAsync("#email", Settings.AdminEmail);
        await page.FillAsync("#password", Settings.AdminPassword);
        await page.ClickAsync("#login-submit");
        await page.GotoAsync($"/projects/{project}/data?labeling=1");
        var first = await page.InnerTextAsync("#labeling-task-id");
        // The editor writes the hotkey after the value ("Positive[1]").
        await page.GetByText("Positive").First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Submit" }).ClickAsync();
        await page.WaitForFunctionAsync($"() => document.getElementById('labeling-task-id')?.textContent !== '{first}'");

        var task = await admin.SendJsonAsync(HttpMethod.Get, $"/api/tasks/{first}/", Settings.AdminToken);
        var region = task["annotations"]![0]!["result"]![0]!;
        Assert.Equal("sentiment", region["from_name"]!.GetValue<string>());
        Assert.Equal("text", region["to_name"]!.GetValue<string>());
        Assert.Equal("choices", region["type"]!.GetValue<string>());
        Assert.Equal("Positive", region["value"]!["choices"]![0]!.GetValue<string>());
        Assert.Equal(1, task["annotations"]![0]!["completed_by"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_task_list_and_the_stream_show_what_the_API_answers_when_a_proxy_narrows_LSs_query()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run scripts/deps/chromium.sh.");
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var admin = standIn.CreateClient();
        var project = await ProjectRoundTripTests.CreateProject(admin, "Narrowed");
        await admin.SendJsonAsync(HttpMethod.Post, $"/api/projects/{project}/import", Settings.AdminToken,
            new JsonArray(new[] { "one", "two", "three" }.Select(text => (JsonNode)new JsonObject { ["data"] = new JsonObject { ["text"] = text } }).ToArray()), 201);
        var ids = (await admin.SendJsonAsync(HttpMethod.Get, $"/api/tasks/?project={project}", Settings.AdminToken))["tasks"]!
            .AsArray().Select(t => t!["id"]!.GetValue<int>()).ToList();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Launch(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = standIn.BaseAddress.ToString() });
        // What Labelit's proxy does for a split-mode annotator: the tab dropped, ?query= of their id ranges.
        var onlySecond = Uri.EscapeDataString($$$"""{"filters":{"conjunction":"or","items":[{"filter":"filter:tasks:id","operator":"in","type":"Number","value":{"min":{{{ids[1]}}},"max":{{{ids[1]}}}}}]}}""");
        await page.RouteAsync(url => url.Contains("/api/tasks?") || url.Contains("/api/dm/actions?"), route =>
        {
            var url = Regex.Replace(route.Request.Url, "&view=\\d+", "") + "&query=" + onlySecond;
            return route.ContinueAsync(new RouteContinueOptions { Url = url });
        });
        await page.GotoAsync("/user/login/");
        await page.FillAsync("#email", Settings.AdminEmail);
        await page.FillAsync("#password", Settings.AdminPassword);
        await page.ClickAsync("#login-submit");

        await page.GotoAsync($"/projects/{project}/data");
        await page.Locator("#task-list").WaitForAsync();
        var listed = await page.Locator("#task-list tbody tr").AllInnerTextsAsync();
        await page.ClickAsync("#label-all-tasks");
        var streamed = await page.InnerTextAsync("#labeling-task-id");
        var shown = await page.InnerTextAsync("#task-data");
        await page.GetByLabel("Positive").CheckAsync();
        await page.ClickAsync("#submit-annotation");
        await page.WaitForSelectorAsync("#no-more-tasks");

        Assert.Equal([ids[1].ToString()], listed.Select(row => row.Split('\t')[0]));
        Assert.Equal(ids[1].ToString(), streamed);
        Assert.Contains("two", shown);
    }

    private static Task<IBrowser> Launch(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
        });
}
