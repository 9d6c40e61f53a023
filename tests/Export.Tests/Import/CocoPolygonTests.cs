using System.Text.Json;
using Labelit.Export.Import;

namespace Labelit.Export.Tests.Import;

/// <summary>COCO polygons ("segmentation") come in as PolygonLabels where the label config has them.</summary>
public sealed class CocoPolygonTests : IDisposable
{
    private const string PolygonsConfig = """
        <View>
          <Image name="image" value="$image"/>
          <PolygonLabels name="area" toName="image"><Label value="Road"/><Label value="Building"/></PolygonLabels>
        </View>
        """;

    private readonly ImportFixture _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Polygons_exported_to_COCO_import_back_as_the_same_polygons_in_LS_shape()
    {
        var (_, zip) = await Fixture.ConvertAsync("image-polygons", ExportFormat.Coco);
        var path = _files.Write("export.zip", zip);

        var parsed = await ImportFixture.ReadAsync(path, LabelFormat.Coco, File.ReadAllText(Fixture.PathOf("image-polygons.xml")));

        Assert.Equal(0, parsed.Problems.Total);
        var polygon = Assert.Single(parsed.Labels);
        Assert.Equal((LabelShape.Polygon, "Building"), (polygon.Shape, polygon.Label));
        Assert.Equal([(0.0, 50.0), (50.0, 50.0), (50.0, 100.0)], polygon.Points); // as the fixture's annotation holds them
        var result = Result(polygon, File.ReadAllText(Fixture.PathOf("image-polygons.xml")));
        Assert.Equal(("polygonlabels", "area", "image", 1000, 500), (result.GetProperty("type").GetString(), result.GetProperty("from_name").GetString(),
            result.GetProperty("to_name").GetString(), result.GetProperty("original_width").GetInt32(), result.GetProperty("original_height").GetInt32()));
        Assert.Equal("[[0,50],[50,50],[50,100]]", result.GetProperty("value").GetProperty("points").GetRawText());
    }

    [Fact]
    public async Task A_polygon_outside_the_image_or_with_a_label_not_in_the_config_is_left_out_and_said_why()
    {
        var path = _files.Write("coco.json", """
            {"images": [{"id": 1, "file_name": "a.png", "width": 100, "height": 100}],
             "categories": [{"id": 1, "name": "Road"}, {"id": 2, "name": "River"}],
             "annotations": [
               {"id": 1, "image_id": 1, "category_id": 1, "segmentation": [[10, 10, 150, 10, 10, 50]], "bbox": [10, 10, 140, 40]},
               {"id": 2, "image_id": 1, "category_id": 2, "segmentation": [[10, 10, 50, 10, 10, 50]], "bbox": [10, 10, 40, 40]},
               {"id": 3, "image_id": 1, "category_id": 1, "segmentation": [[10, 10, 50, 10, 10, 50]], "bbox": [10, 10, 40, 40]}]}
            """);

        var parsed = await ImportFixture.ReadAsync(path, LabelFormat.Coco, PolygonsConfig);

        Assert.Equal(LabelShape.Polygon, Assert.Single(parsed.Labels).Shape);
        Assert.Equal(["box outside the image", "unknown label"], parsed.Problems.First.Select(p => ImportSummary.Describe(p.Kind)));
        Assert.Contains("<PolygonLabels name=\"area\">", parsed.Problems.First[1].Message);
    }

    [Fact]
    public async Task A_project_with_boxes_only_takes_a_COCO_polygon_as_its_box()
    {
        var (_, zip) = await Fixture.ConvertAsync("image-polygons", ExportFormat.Coco);
        var boxes = ImportFixture.BoxesConfig.Replace("\"Dog\"", "\"Building\"");

        var parsed = await ImportFixture.ReadAsync(_files.Write("export.zip", zip), LabelFormat.Coco, boxes);

        var box = Assert.Single(parsed.Labels);
        Assert.Equal((LabelShape.Rectangle, 0.0, 50.0, 50.0, 50.0), (box.Shape, box.X, box.Y, box.Width, box.Height));
    }

    private static JsonElement Result(ImportedLabel label, string config)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            LabelStudioResults.WriteResultArray(writer, [label], LabelTarget.For(Config.LabelConfig.Parse(config)));
        return JsonDocument.Parse(buffer.ToArray()).RootElement[0];
    }
}
