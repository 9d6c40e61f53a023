using System.Net;
using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.Tests.Support;

namespace Labelit.LabelStudioStandIn.Tests;

public sealed class ProjectRoundTripTests
{
    [Theory]
    [InlineData("<View><Text name=\"t\" value=\"$text\"", "XML")]
    [InlineData("<Form><Text name=\"t\" value=\"$text\"/></Form>", "<View>")]
    [InlineData("<View><Text name=\"t\" value=\"$text\"/><Choices name=\"c\" toName=\"missing\"><Choice value=\"A\"/></Choices></View>", "missing")]
    public async Task Validate_refuses_a_broken_label_config_with_details(string labelConfig, string detail)
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var client = standIn.CreateClient();

        var body = await client.SendJsonAsync(HttpMethod.Post, "/api/projects/validate/", Settings.AdminToken,
            new JsonObject { ["label_config"] = labelConfig }, 400);
        var created = await client.SendJsonAsync(HttpMethod.Post, "/api/projects/", Settings.AdminToken,
            new JsonObject { ["title"] = "Broken", ["label_config"] = labelConfig }, 400);

        Assert.Contains(detail, body["label_config"]![0]!.GetValue<string>());
        Assert.Contains(detail, created["validation_errors"]!["label_config"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Validate_accepts_a_good_label_config_with_204()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var client = standIn.CreateClient();

        await client.SendJsonAsync(HttpMethod.Post, "/api/projects/validate/", Settings.AdminToken,
            new JsonObject { ["label_config"] = Settings.TextConfig }, 204);
    }

    [Fact]
    public async Task Import_refuses_tasks_that_lack_a_data_key_the_config_uses_and_keeps_nothing()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var client = standIn.CreateClient();
        var project = await CreateProject(client);

        var refused = await client.SendJsonAsync(HttpMethod.Post, $"/api/projects/{project}/import", Settings.AdminToken,
            new JsonArray(new JsonObject { ["data"] = new JsonObject { ["text"] = "fine" } },
                new JsonObject { ["data"] = new JsonObject { ["image"] = "wrong key" } }), 400);
        var tasks = await client.SendJsonAsync(HttpMethod.Get, $"/api/tasks/?project={project}", Settings.AdminToken);

        Assert.Contains("\"text\" key is expected", refused["validation_errors"]!["non_field_errors"]![0]!.GetValue<string>());
        Assert.Equal(0, tasks["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Create_import_list_annotate_and_export_attribute_each_annotation_to_its_author()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var admin = standIn.CreateClient();
        var project = await CreateProject(admin);
        var adminId = (await admin.SendJsonAsync(HttpMethod.Get, "/api/current-user/whoami", Settings.AdminToken))["id"]!.GetValue<int>();

        var imported = await admin.SendJsonAsync(HttpMethod.Post, $"/api/projects/{project}/import", Settings.AdminToken,
            new JsonArray(Enumerable.Range(1, 5).Select(i => (JsonNode)new JsonObject { ["data"] = new JsonObject { ["text"] = $"text {i}" } }).ToArray()), 201);
        Assert.Equal(5, imported["task_count"]!.GetValue<int>());

        var page1 = await admin.SendJsonAsync(HttpMethod.Get, $"/api/tasks/?project={project}&page=1&page_size=2", Settings.AdminToken);
        var page3 = await admin.SendJsonAsync(HttpMethod.Get, $"/api/tasks/?project={project}&page=3&page_size=2", Settings.AdminToken);
        await admin.SendJsonAsync(HttpMethod.Get, $"/api/tasks/?project={project}&page=4&page_size=2", Settings.AdminToken, expectedStatus: 404);
        Assert.Equal(5, page1["total"]!.GetValue<int>());
        Assert.Equal(2, page1["tasks"]!.AsArray().Count);
        Assert.Single(page3["tasks"]!.AsArray());
        var firstTask = page1["tasks"]![0]!["id"]!.GetValue<int>();
        var secondTask = page1["tasks"]![1]!["id"]!.GetValue<int>();

        // The admin annotates with the token, an invited annotator through a browser session.
        await admin.SendJsonAsync(HttpMethod.Post, $"/api/tasks/{firstTask}/annotations/", Settings.AdminToken, Annotation("Positive"), 201);
        using var annotator = await SignUpAnnotator(standIn, admin);
        using var byAnnotator = await annotator.Client.SendAsync(Http.Json(HttpMethod.Post, $"/api/tasks/{secondTask}/annotations/", Annotation("Negative")));
        Assert.Equal(HttpStatusCode.Created, byAnnotator.StatusCode);
        var annotatorId = (await (await annotator.Client.GetAsync("/api/current-user/whoami")).ReadJsonAsync())["id"]!.GetValue<int>();

        var export = await admin.SendJsonAsync(HttpMethod.Get, $"/api/projects/{project}/export?exportType=JSON", Settings.AdminToken);
        var exportAll = await admin.SendJsonAsync(HttpMethod.Get, $"/api/projects/{project}/export?exportType=JSON&download_all_tasks=true", Settings.AdminToken);

        Assert.Equal(2, export.AsArray().Count); // like LS: only annotated tasks unless download_all_tasks=true
        Assert.Equal(5, exportAll.AsArray().Count);
        var first = export.AsArray().Single(t => t!["id"]!.GetValue<int>() == firstTask)!;
        var second = export.AsArray().Single(t => t!["id"]!.GetValue<int>() == secondTask)!;
        Assert.Equal("text 1", first["data"]!["text"]!.GetValue<string>());
        Assert.Equal(project, first["project"]!.GetValue<int>());
        Assert.Equal(adminId, first["annotations"]![0]!["completed_by"]!.GetValue<int>());
        Assert.Equal(annotatorId, second["annotations"]![0]!["completed_by"]!.GetValue<int>());
        Assert.Equal("Negative", second["annotations"]![0]!["result"]![0]!["value"]!["choices"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task An_annotation_can_be_read_changed_and_deleted_and_skips_are_not_listed()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var client = standIn.CreateClient();
        var project = await CreateProject(client);
        await client.SendJsonAsync(HttpMethod.Post, $"/api/projects/{project}/import", Settings.AdminToken,
            new JsonArray(new JsonObject { ["text"] = "no data wrapper" }), 201);
        var task = (await client.SendJsonAsync(HttpMethod.Get, $"/api/tasks/?project={project}", Settings.AdminToken))["tasks"]![0]!;
        Assert.Equal("no data wrapper", task["data"]!["text"]!.GetValue<string>());
        var taskId = task["id"]!.GetValue<int>();

        var annotation = await client.SendJsonAsync(HttpMethod.Post, $"/api/tasks/{taskId}/annotations/", Settings.AdminToken, Annotation("Positive"), 201);
        await client.SendJsonAsync(HttpMethod.Post, $"/api/tasks/{taskId}/annotations/", Settings.AdminToken,
            new JsonObject { ["result"] = new JsonArray(), ["was_cancelled"] = true }, 201);
        var id = annotation["id"]!.GetValue<int>();
        await client.SendJsonAsync(HttpMethod.Patch, $"/api/annotations/{id}/", Settings.AdminToken, Annotation("Negative"));
        var changed = await client.SendJsonAsync(HttpMethod.Get, $"/api/annotations/{id}/", Settings.AdminToken);
        var listed = await client.SendJsonAsync(HttpMethod.Get, $"/api/tasks/{taskId}/annotations/", Settings.AdminToken);
        await client.SendJsonAsync(HttpMethod.Delete, $"/api/annotations/{id}/", Settings.AdminToken, expectedStatus: 204);
        await client.SendJsonAsync(HttpMethod.Get, $"/api/annotations/{id}/", Settings.AdminToken, expectedStatus: 404);

        Assert.Equal("Negative", changed["result"]![0]!["value"]!["choices"]![0]!.GetValue<string>());
        Assert.Single(listed.AsArray());
    }

    [Fact]
    public async Task An_annotation_naming_an_unknown_control_is_refused()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var client = standIn.CreateClient();
        var project = await CreateProject(client);
        await client.SendJsonAsync(HttpMethod.Post, $"/api/projects/{project}/import", Settings.AdminToken,
            new JsonArray(new JsonObject { ["data"] = new JsonObject { ["text"] = "t" } }), 201);
        var taskId = (await client.SendJsonAsync(HttpMethod.Get, $"/api/tasks/?project={project}", Settings.AdminToken))["tasks"]![0]!["id"]!.GetValue<int>();
        var bad = Annotation("Positive");
        bad["result"]![0]!["from_name"] = "no_such_control";

        await client.SendJsonAsync(HttpMethod.Post, $"/api/tasks/{taskId}/annotations/", Settings.AdminToken, bad, 400);
    }

    [Fact]
    public async Task A_snapshot_export_is_in_progress_first_then_completes_and_downloads()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance(extra: ("STANDIN_EXPORT_DELAY_MS", "1500")));
        using var client = standIn.CreateClient();
        var project = await CreateProject(client);
        await client.SendJsonAsync(HttpMethod.Post, $"/api/projects/{project}/import", Settings.AdminToken,
            new JsonArray(new JsonObject { ["data"] = new JsonObject { ["text"] = "a" } }, new JsonObject { ["data"] = new JsonObject { ["text"] = "b" } }), 201);

        var snapshot = await client.SendJsonAsync(HttpMethod.Post, $"/api/projects/{project}/exports/", Settings.AdminToken,
            new JsonObject { ["title"] = "nightly" }, 201);
        var pk = snapshot["id"]!.GetValue<int>();
        Assert.Equal("in_progress", snapshot["status"]!.GetValue<string>());
        await client.SendJsonAsync(HttpMethod.Get, $"/api/projects/{project}/exports/{pk}/download?exportType=JSON", Settings.AdminToken, expectedStatus: 404);

        var status = snapshot;
        for (var i = 0; i < 100 && status["status"]!.GetValue<string>() != "completed"; i++)
        {
            await Task.Delay(100);
            status = await client.SendJsonAsync(HttpMethod.Get, $"/api/projects/{project}/exports/{pk}", Settings.AdminToken);
        }
        var file = await client.SendJsonAsync(HttpMethod.Get, $"/api/projects/{project}/exports/{pk}/download?exportType=JSON", Settings.AdminToken);

        Assert.Equal("completed", status["status"]!.GetValue<string>());
        Assert.Equal(["a", "b"], file.AsArray().Select(t => t!["data"]!["text"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Projects_can_be_listed_changed_and_deleted()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var client = standIn.CreateClient();
        var project = await CreateProject(client);

        await client.SendJsonAsync(HttpMethod.Post, "/api/projects/", Settings.AdminToken, new JsonObject { ["title"] = "ab" }, 400);
        var patched = await client.SendJsonAsync(HttpMethod.Patch, $"/api/projects/{project}/", Settings.AdminToken, new JsonObject { ["title"] = "Renamed" });
        var list = await client.SendJsonAsync(HttpMethod.Get, "/api/projects/", Settings.AdminToken);
        await client.SendJsonAsync(HttpMethod.Delete, $"/api/projects/{project}/", Settings.AdminToken, expectedStatus: 204);
        await client.SendJsonAsync(HttpMethod.Get, $"/api/projects/{project}/", Settings.AdminToken, expectedStatus: 404);

        Assert.Equal("Renamed", patched["title"]!.GetValue<string>());
        Assert.Equal(1, list["count"]!.GetValue<int>());
        Assert.Equal("Renamed", list["results"]![0]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Imported_annotations_keep_a_known_author_and_otherwise_belong_to_the_importer()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var client = standIn.CreateClient();
        var project = await CreateProject(client);
        var other = (await client.SendJsonAsync(HttpMethod.Post, "/api/users/", Settings.AdminToken,
            new JsonObject { ["email"] = "earlier-annotator@labelit.test" }, 201))["id"]!.GetValue<int>();
        var admin = (await client.SendJsonAsync(HttpMethod.Get, "/api/current-user/whoami", Settings.AdminToken))["id"]!.GetValue<int>();
        JsonObject Task(string text, JsonNode? author)
        {
            var annotation = Annotation("Positive");
            annotation["completed_by"] = author;
            return new JsonObject { ["data"] = new JsonObject { ["text"] = text }, ["annotations"] = new JsonArray(annotation) };
        }

        var imported = await client.SendJsonAsync(HttpMethod.Post, $"/api/projects/{project}/import", Settings.AdminToken,
            new JsonArray(Task("known id", other), Task("known email", new JsonObject { ["email"] = "earlier-annotator@labelit.test" }),
                Task("unknown id", 9999)), 201);
        var export = await client.SendJsonAsync(HttpMethod.Get, $"/api/projects/{project}/export?exportType=JSON", Settings.AdminToken);

        Assert.Equal(3, imported["annotation_count"]!.GetValue<int>());
        var authors = export.AsArray().ToDictionary(t => t!["data"]!["text"]!.GetValue<string>(),
            t => t!["annotations"]![0]!["completed_by"]!.GetValue<int>());
        Assert.Equal(other, authors["known id"]);
        Assert.Equal(other, authors["known email"]);
        Assert.Equal(admin, authors["unknown id"]);
    }

    [Fact]
    public async Task Export_formats_follow_the_label_config_like_LS()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var client = standIn.CreateClient();
        var text = await CreateProject(client);
        var boxes = (await client.SendJsonAsync(HttpMethod.Post, "/api/projects/", Settings.AdminToken, new JsonObject
        {
            ["title"] = "Boxes",
            ["label_config"] = """<View><Image name="image" value="$image"/><RectangleLabels name="box" toName="image"><Label value="Car"/></RectangleLabels></View>""",
        }, 201))["id"]!.GetValue<int>();

        var textFormats = await Enabled(client, text);
        var boxFormats = await Enabled(client, boxes);

        Assert.Equal(["CSV", "JSON", "JSON_MIN", "TSV"], textFormats);
        Assert.Equal(["COCO", "CSV", "JSON", "JSON_MIN", "TSV", "VOC", "YOLO"], boxFormats);
    }

    private static async Task<string[]> Enabled(HttpClient client, int project) =>
        (await client.SendJsonAsync(HttpMethod.Get, $"/api/projects/{project}/export/formats", Settings.AdminToken)).AsArray()
            .Where(f => !f!["disabled"]!.GetValue<bool>()).Select(f => f!["name"]!.GetValue<string>()).Order().ToArray();

    internal static async Task<int> CreateProject(HttpClient client, string title = "Round trip")
    {
        var project = await client.SendJsonAsync(HttpMethod.Post, "/api/projects/", Settings.AdminToken,
            new JsonObject { ["title"] = title, ["label_config"] = Settings.TextConfig }, 201);
        return project["id"]!.GetValue<int>();
    }

    internal static JsonObject Annotation(string choice) => new()
    {
        ["result"] = new JsonArray(new JsonObject
        {
            ["id"] = "r1",
            ["from_name"] = "sentiment",
            ["to_name"] = "text",
            ["type"] = "choices",
            ["value"] = new JsonObject { ["choices"] = new JsonArray(choice) },
        }),
        ["lead_time"] = 1.5,
    };

    internal static async Task<LsBrowser> SignUpAnnotator(StandInProcess standIn, HttpClient admin, string email = "annotator@labelit.test")
    {
        var token = (await admin.SendJsonAsync(HttpMethod.Get, "/api/invite", Settings.AdminToken))["token"]!.GetValue<string>();
        var browser = new LsBrowser(standIn);
        using var signup = await browser.SignupAsync(token, email, "annotator-pass");
        Assert.Equal(HttpStatusCode.Redirect, signup.StatusCode);
        return browser;
    }
}
