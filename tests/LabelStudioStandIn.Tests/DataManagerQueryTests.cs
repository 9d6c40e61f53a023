using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.Tests.Support;

namespace Labelit.LabelStudioStandIn.Tests;

/// <summary>The Data Manager's ?query= on the task list, as LS's data_manager applies it.</summary>
public sealed class DataManagerQueryTests
{
    [Fact]
    public async Task Tasks_updated_after_a_time_are_those_whose_annotations_were_saved_since_and_an_unknown_filter_is_refused()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var client = standIn.CreateClient();
        var project = await ProjectRoundTripTests.CreateProject(client);
        await client.SendJsonAsync(HttpMethod.Post, $"/api/projects/{project}/import", Settings.AdminToken,
            new JsonArray(Enumerable.Range(1, 3).Select(i => (JsonNode)new JsonObject { ["data"] = new JsonObject { ["text"] = $"t{i}" } }).ToArray()), 201);
        var ids = (await client.SendJsonAsync(HttpMethod.Get, $"/api/tasks/?project={project}", Settings.AdminToken))["tasks"]!.AsArray()
            .Select(t => t!["id"]!.GetValue<int>()).ToList();
        await Task.Delay(20);
        var since = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'");
        await Task.Delay(20);
        var annotation = await client.SendJsonAsync(HttpMethod.Post, $"/api/tasks/{ids[2]}/annotations/", Settings.AdminToken,
            ProjectRoundTripTests.Annotation("Positive"), 201);

        var changed = await QueryAsync(client, project, since, "greater");
        Assert.Equal([ids[2]], changed);
        Assert.Equal(2, (await QueryAsync(client, project, since, "less")).Count);

        // Changing an annotation saves its task too (LS's Annotation.save -> update_task).
        await Task.Delay(20);
        var later = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'");
        await client.SendJsonAsync(HttpMethod.Patch, $"/api/annotations/{annotation["id"]}/", Settings.AdminToken,
            new JsonObject { ["lead_time"] = 3.0 });
        Assert.Equal([ids[2]], await QueryAsync(client, project, later, "greater"));

        var unknown = new JsonObject { ["filters"] = new JsonObject { ["conjunction"] = "and", ["items"] = new JsonArray(new JsonObject
            { ["filter"] = "filter:tasks:annotators", ["operator"] = "contains", ["type"] = "List", ["value"] = 1 }) } };
        await client.SendJsonAsync(HttpMethod.Get, $"/api/tasks/?project={project}&query={Uri.EscapeDataString(unknown.ToJsonString())}", Settings.AdminToken,
            expectedStatus: 400);
    }

    /// <summary>What a real LS 1.8.2 answered (Dec 2026): id ranges or'ed narrow the list, its total and both label stream calls.</summary>
    [Fact]
    public async Task Id_ranges_narrow_the_task_list_and_the_label_stream_as_LS_does()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var client = standIn.CreateClient();
        var project = await ProjectRoundTripTests.CreateProject(client);
        await client.SendJsonAsync(HttpMethod.Post, $"/api/projects/{project}/import", Settings.AdminToken,
            new JsonArray(Enumerable.Range(1, 12).Select(i => (JsonNode)new JsonObject { ["data"] = new JsonObject { ["text"] = $"t{i}" } }).ToArray()), 201);
        var ids = (await client.SendJsonAsync(HttpMethod.Get, $"/api/tasks/?project={project}", Settings.AdminToken))["tasks"]!.AsArray()
            .Select(t => t!["id"]!.GetValue<int>()).ToList();
        JsonObject Range(int first, int last) => new()
        {
            ["filter"] = "filter:tasks:id", ["operator"] = "in", ["type"] = "Number",
            ["value"] = new JsonObject { ["min"] = first, ["max"] = last },
        };
        var query = Uri.EscapeDataString(new JsonObject
        {
            ["filters"] = new JsonObject { ["conjunction"] = "or", ["items"] = new JsonArray(Range(ids[1], ids[3]), Range(ids[8], ids[9])) },
            ["ordering"] = new JsonArray(),
        }.ToJsonString());

        var list = await client.SendJsonAsync(HttpMethod.Get, $"/api/tasks?project={project}&page=1&page_size=30&query={query}", Settings.AdminToken);
        Assert.Equal(5, list["total"]!.GetValue<int>());
        Assert.Equal([ids[1], ids[2], ids[3], ids[8], ids[9]], list["tasks"]!.AsArray().Select(t => t!["id"]!.GetValue<int>()));
        var next = await client.SendJsonAsync(HttpMethod.Get, $"/api/projects/{project}/next/?query={query}", Settings.AdminToken);
        Assert.Equal(ids[1], next["id"]!.GetValue<int>());
        var action = await client.SendJsonAsync(HttpMethod.Post, $"/api/dm/actions?id=next_task&project={project}&query={query}", Settings.AdminToken,
            new JsonObject());
        Assert.Equal(ids[1], action["id"]!.GetValue<int>());
    }

    private static async Task<List<int>> QueryAsync(HttpClient client, int project, string time, string op)
    {
        var query = new JsonObject
        {
            ["filters"] = new JsonObject { ["conjunction"] = "and", ["items"] = new JsonArray(new JsonObject
                { ["filter"] = "filter:tasks:updated_at", ["operator"] = op, ["type"] = "Datetime", ["value"] = time }) },
            ["ordering"] = new JsonArray("tasks:id"),
        };
        var body = await client.SendJsonAsync(HttpMethod.Get, $"/api/tasks/?project={project}&fields=all&query={Uri.EscapeDataString(query.ToJsonString())}",
            Settings.AdminToken);
        return body["tasks"]!.AsArray().Select(t => t!["id"]!.GetValue<int>()).ToList();
    }
}
