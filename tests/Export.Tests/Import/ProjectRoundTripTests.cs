using System.Text.Json;
using System.Text.Json.Nodes;
using Labelit.Export.Import;

namespace Labelit.Export.Tests.Import;

/// <summary>A project exported to COCO, YOLO, VOC or LS JSON and imported into a new project with the
/// same config and the same storage files gets the same labels: the new project's tasks have other
/// ids and other media URLs, so every label is found again by what the export says of its file.</summary>
public sealed class ProjectRoundTripTests : IDisposable
{
    private sealed record Image(string Location, int Width, int Height, (string Label, double X, double Y, double W, double H)[] Boxes);

    private static readonly Image[] Dataset =
    [
        new("s3://birds/nests/heron.jpg", 1024, 768, [("Cat", 12.5, 7.8125, 30.2734375, 40.0), ("Dog", 60.0, 50.0, 25.0, 33.3333333333)]),
        new("s3://birds/lake/egret.jpg", 640, 480, [("Dog", 0.0, 0.0, 100.0, 100.0)]),
        new("s3://birds/lake/stork.png", 800, 600, [("Cat", 41.234567, 12.3456789, 5.4321, 9.87654321)]),
        new("s3://birds/lake/empty.jpg", 800, 600, []),
    ];

    private readonly ImportFixture _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(ExportFormat.Coco, LabelFormat.Coco)]
    [InlineData(ExportFormat.Yolo, LabelFormat.Yolo)]
    [InlineData(ExportFormat.Voc, LabelFormat.Voc)]
    [InlineData(ExportFormat.Json, LabelFormat.LabelStudioJson)]
    public async Task Exported_labels_import_into_a_new_project_with_the_same_config_unchanged(ExportFormat export, LabelFormat import)
    {
        var config = Config.LabelConfig.Parse(ImportFixture.BoxesConfig);
        using var output = new MemoryStream();
        await ExportConverter.ConvertAsync(new MemoryStream(LabelStudioExport("birds", firstObjectId: 10)), export, config, output);
        var path = _files.Write(export == ExportFormat.Json ? "export.json" : "export.zip", output.ToArray());

        var parsed = await ImportFixture.ReadAsync(path, import);
        // The new project synced the same storage: same locations, new object ids, new media URLs.
        var copy = Dataset.Select((image, i) => new TaskCandidate(500 + i, image.Location, MediaUrl("birds-copy", 500 + i, image.Location)));
        var matched = LabelMatcher.Match(parsed, TaskIndex.From(copy));

        Assert.Equal(0, matched.Summary.ProblemTotal);
        for (var i = 0; i < Dataset.Length; i++)
        {
            var imported = matched.ByTask.GetValueOrDefault(500 + i) ?? [];
            var boxes = imported.Select(l => Box(l)).OrderBy(b => b.Label).ThenBy(b => b.X).ToList();
            var expected = Dataset[i].Boxes.OrderBy(b => b.Label).ThenBy(b => b.X).ToList();
            // Pascal VOC holds whole pixels (LS's converter writes them so): a box comes back within a pixel.
            var tolerance = export == ExportFormat.Voc ? 100.0 / Math.Min(Dataset[i].Width, Dataset[i].Height) : 1e-6;
            Assert.True(expected.Count == boxes.Count, $"{Dataset[i].Location}: {expected.Count} boxes exported, {boxes.Count} imported");
            foreach (var (want, got) in expected.Zip(boxes))
            {
                Assert.Equal(want.Label, got.Label);
                Assert.All(new[] { (want.X, got.X), (want.Y, got.Y), (want.W, got.W), (want.H, got.H) },
                    pair => Assert.True(Math.Abs(pair.Item1 - pair.Item2) <= tolerance, $"{Dataset[i].Location} {want.Label}: {pair.Item1} exported, {pair.Item2} imported"));
            }
        }
    }

    [Fact]
    public async Task An_LS_JSON_export_finds_files_of_the_same_name_in_different_folders_by_their_storage_location()
    {
        var config = Config.LabelConfig.Parse(ImportFixture.BoxesConfig);
        using var output = new MemoryStream();
        var raw = System.Text.Encoding.UTF8.GetString(LabelStudioExport("birds", firstObjectId: 10)).Replace("lake/egret.jpg", "lake/heron.jpg").Replace("/egret.jpg", "/heron.jpg");
        await ExportConverter.ConvertAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(raw)), ExportFormat.Json, config, output);
        var parsed = await ImportFixture.ReadAsync(_files.Write("export.json", output.ToArray()), LabelFormat.LabelStudioJson);

        var copy = Dataset.Select(image => image.Location.Replace("egret", "heron"))
            .Select((location, i) => new TaskCandidate(500 + i, location, MediaUrl("birds-copy", 500 + i, location)));
        var matched = LabelMatcher.Match(parsed, TaskIndex.From(copy));

        Assert.Equal(0, matched.Summary.ProblemTotal);
        Assert.Equal([2, 1], new long[] { 500, 501 }.Select(task => matched.ByTask[task].Count));
    }

    private static (string Label, double X, double Y, double W, double H) Box(ImportedLabel label)
    {
        if (label.Shape == LabelShape.Rectangle)
            return (label.Label, label.X, label.Y, label.Width, label.Height);
        var value = JsonDocument.Parse(label.ResultJson!).RootElement.GetProperty("value");
        return (value.GetProperty("rectanglelabels")[0].GetString()!, value.GetProperty("x").GetDouble(), value.GetProperty("y").GetDouble(),
            value.GetProperty("width").GetDouble(), value.GetProperty("height").GetDouble());
    }

    /// <summary>The project as LS exports it: a task per image (data from Labelit's media URL, meta naming
    /// the storage object), its boxes in one annotation, and one skipped task.</summary>
    private static byte[] LabelStudioExport(string slug, int firstObjectId)
    {
        var tasks = new JsonArray();
        for (var i = 0; i < Dataset.Length; i++)
        {
            var image = Dataset[i];
            var results = new JsonArray(image.Boxes.Select((b, r) => (JsonNode)new JsonObject
            {
                ["id"] = $"r{r}", ["from_name"] = "label", ["to_name"] = "image", ["type"] = "rectanglelabels",
                ["original_width"] = image.Width, ["original_height"] = image.Height, ["image_rotation"] = 0,
                ["value"] = new JsonObject
                {
                    ["x"] = b.X, ["y"] = b.Y, ["width"] = b.W, ["height"] = b.H, ["rotation"] = 0, ["rectanglelabels"] = new JsonArray(b.Label),
                },
            }).ToArray());
            var annotations = image.Boxes.Length == 0
                ? new JsonArray(new JsonObject { ["id"] = 900 + i, ["result"] = new JsonArray(), ["was_cancelled"] = true })
                : new JsonArray(new JsonObject
                {
                    ["id"] = 900 + i, ["completed_by"] = 3, ["result"] = results, ["was_cancelled"] = false,
                    ["created_at"] = "2026-11-01T10:00:00.000000Z", ["updated_at"] = "2026-11-01T10:05:00.000000Z", ["lead_time"] = 4.5,
                });
            tasks.Add(new JsonObject
            {
                ["id"] = 100 + i,
                ["data"] = new JsonObject { ["image"] = MediaUrl(slug, firstObjectId + i, image.Location) },
                ["annotations"] = annotations,
                ["predictions"] = new JsonArray(),
                ["meta"] = new JsonObject { ["labelit_object_id"] = firstObjectId + i, ["location"] = image.Location },
                ["project"] = 1,
            });
        }

        return System.Text.Encoding.UTF8.GetBytes(tasks.ToJsonString());
    }

    // As the dataset sync links a task to its object (Labelit.Data.Datasets.DatasetMediaUrls).
    private static string MediaUrl(string slug, long objectId, string location) =>
        $"/projects/{slug}/media/{objectId}/{Uri.EscapeDataString(location[(location.LastIndexOf('/') + 1)..])}";
}
