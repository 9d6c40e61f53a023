using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static Labelit.EndToEnd.Tests.DatasetSteps;

namespace Labelit.EndToEnd.Tests;

/// <summary>COCO boxes made elsewhere land on the project's LS tasks as predictions (or annotations) an annotator corrects.</summary>
public sealed class LabelImportTests(DatasetStack stack) : IClassFixture<DatasetStack>
{
    private const string BoxesConfig = """
        <View><Image name="image" value="$image"/><RectangleLabels name="label" toName="image"><Label value="Car"/><Label value="Person"/></RectangleLabels></View>
        """;

    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEElEQVR4nGM4IScHQQxwFgBBAAYZPEVBlgAAAABJRU5ErkJggg==");

    private const string Coco = """
        {"images": [{"id": 1, "file_name": "street/cam1.png", "width": 1000, "height": 500},
                    {"id": 2, "file_name": "cam2.png", "width": 1000, "height": 500},
                    {"id": 3, "file_name": "elsewhere.png", "width": 1000, "height": 500}],
         "categories": [{"id": 1, "name": "Car"}, {"id": 2, "name": "Person"}],
         "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [100, 50, 200, 100], "score": 0.9},
                         {"id": 2, "image_id": 1, "category_id": 2, "bbox": [500, 250, 100, 200]},
                         {"id": 3, "image_id": 2, "category_id": 1, "bbox": [0, 0, 1000, 500]},
                         {"id": 4, "image_id": 3, "category_id": 1, "bbox": [0, 0, 10, 10]}]}
        """;

    [Fact]
    public async Task Coco_boxes_imported_as_predictions_are_on_the_tasks_in_label_studio()
    {
        var projectId = await CreateProjectAsync("Street");
        var mia = stack.Api("mia@example.com");

        var dryRun = await PostAsync(mia, projectId, "format=COCO&dryRun=true");
        Assert.Equal(HttpStatusCode.OK, dryRun.StatusCode);
        var summary = await dryRun.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((3, 2, 1), (summary.GetProperty("labelsToImport").GetInt32(), summary.GetProperty("tasksToLabel").GetInt32(),
            summary.GetProperty("problemCounts").GetProperty("file matching no task").GetInt32()));
        Assert.Equal(0, await PredictionCountAsync("street"));

        var run = await ImportAsync(mia, projectId, "format=COCO&dryRun=false&mode=predictions&modelVersion=detector-v1");
        Assert.Equal(("succeeded", 2), (run.GetProperty("status").GetString(), run.GetProperty("tasksWritten").GetInt32()));

        var cam1 = await TaskAsync("street", "cam1.png");
        var prediction = Assert.Single(cam1.GetProperty("predictions").EnumerateArray());
        Assert.Equal("detector-v1", prediction.GetProperty("model_version").GetString());
        Assert.Equal(0.9, prediction.GetProperty("score").GetDouble());
        var boxes = prediction.GetProperty("result").EnumerateArray().ToList();
        Assert.Equal(2, boxes.Count);
        var car = boxes[0];
        Assert.Equal(("rectanglelabels", "label", "image"), (car.GetProperty("type").GetString(), car.GetProperty("from_name").GetString(), car.GetProperty("to_name").GetString()));
        var value = car.GetProperty("value");
        Assert.Equal((10.0, 10.0, 20.0, 20.0, "Car"), (value.GetProperty("x").GetDouble(), value.GetProperty("y").GetDouble(),
            value.GetProperty("width").GetDouble(), value.GetProperty("height").GetDouble(), value.GetProperty("rectanglelabels")[0].GetString()));
        Assert.Equal((1000, 500), (car.GetProperty("original_width").GetInt32(), car.GetProperty("original_height").GetInt32()));
        Assert.Single((await TaskAsync("street", "cam2.png")).GetProperty("predictions").EnumerateArray());
        Assert.Equal(2, await PredictionCountAsync("street"));
    }

    [Fact]
    public async Task Coco_boxes_imported_as_annotations_are_annotations_of_the_tasks()
    {
        var projectId = await CreateProjectAsync("Crossing");
        var mia = stack.Api("mia@example.com");

        var run = await ImportAsync(mia, projectId, "format=COCO&dryRun=false&mode=annotations&author=Field%20team");

        Assert.Equal(("succeeded", 2, "Field team"), (run.GetProperty("status").GetString(), run.GetProperty("tasksWritten").GetInt32(), run.GetProperty("author").GetString()));
        var cam1 = await TaskAsync("crossing", "cam1.png");
        var annotation = Assert.Single(cam1.GetProperty("annotations").EnumerateArray());
        Assert.Equal(2, annotation.GetProperty("result").GetArrayLength());
        Assert.Empty(cam1.GetProperty("predictions").EnumerateArray());
    }

    private async Task<long> CreateProjectAsync(string name)
    {
        var folder = name.ToLowerInvariant();
        await stack.S3.PutObjectsAsync(stack.Bucket, [($"{folder}/street/cam1.png", Png), ($"{folder}/street/cam2.png", Png), ($"{folder}/street/cam3.png", Png)]);
        var response = await stack.Api("mia@example.com").PostAsJsonAsync("/api/v1/projects/", new
        {
            name,
            labelConfig = BoxesConfig,
            datasetLocations = new[] { $"s3://{stack.Bucket}/{folder}/" },
            datasetConnectionId = stack.ConnectionId,
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var projectId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal("succeeded", (await SyncAsync(stack.Api("mia@example.com"), projectId)).Status);
        return projectId;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient manager, long projectId, string query)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(Coco)), "file", "boxes.json" } };
        return await manager.PostAsync($"/api/v1/projects/{projectId}/dataset/labels/?{query}", form);
    }

    /// <summary>Queues the import and waits for its end, as the page's progress would.</summary>
    private static async Task<JsonElement> ImportAsync(HttpClient manager, long projectId, string query)
    {
        var queued = await PostAsync(manager, projectId, query);
        Assert.True(queued.StatusCode == HttpStatusCode.Accepted, await queued.Content.ReadAsStringAsync());
        var id = (await queued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var run = await manager.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/dataset/labels/{id}");
            if (run.GetProperty("status").GetString() is not ("queued" or "running"))
                return run;
            Assert.True(DateTime.UtcNow < deadline, "The import is still going after 3 minutes.");
            await Task.Delay(300);
        }
    }

    /// <summary>The LS task made from <paramref name="fileName"/>, with its annotations and predictions.</summary>
    private async Task<JsonElement> TaskAsync(string slug, string fileName)
    {
        var admin = await stack.SignedInAsync("admin@example.com");
        var lsProjectId = await LabelitStack.LsProjectIdAsync(admin, slug);
        var tasks = await admin.GetFromJsonAsync<JsonElement>($"/projects/{slug}/ls/api/tasks/?project={lsProjectId}&page_size=100&fields=all");
        return tasks.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("data").GetProperty("image").GetString()!.EndsWith("/" + fileName));
    }

    private async Task<int> PredictionCountAsync(string slug)
    {
        var admin = await stack.SignedInAsync("admin@example.com");
        var lsProjectId = await LabelitStack.LsProjectIdAsync(admin, slug);
        return (await admin.GetFromJsonAsync<JsonElement>($"/projects/{slug}/ls/api/tasks/?project={lsProjectId}&page_size=1")).GetProperty("total_predictions").GetInt32();
    }
}
