using System.Text.Json;

namespace Labelit.Export.Tests;

/// <summary>Values a user checks first in image exports: a 10%/20% box 30% wide and 40% high on an
/// 800x600 image is 80,120 240x240 pixels.</summary>
public sealed class ImageFormatTests
{
    [Fact]
    public async Task Coco_boxes_are_in_pixels_with_categories_from_the_label_config()
    {
        var (result, zip) = await Fixture.ConvertAsync("image-rectangles", ExportFormat.Coco);
        var files = Fixture.Unzip(zip);
        Assert.Contains("images/", files.Keys);
        using var coco = JsonDocument.Parse(files["result.json"]);
        var root = coco.RootElement;

        Assert.Equal(["images", "categories", "annotations", "info"], root.EnumerateObject().Select(p => p.Name));
        // Labels sorted by name get ids 0, 1, ...
        Assert.Equal([(0, "Cat"), (1, "Dog")],
            root.GetProperty("categories").EnumerateArray().Select(c => (c.GetProperty("id").GetInt32(), c.GetProperty("name").GetString())));

        var cat = root.GetProperty("annotations")[0];
        Assert.Equal([80.0, 120.0, 240.0, 240.0], cat.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(57600.0, cat.GetProperty("area").GetDouble());
        Assert.Equal(0, cat.GetProperty("category_id").GetInt32());
        var dog = root.GetProperty("annotations")[1];
        Assert.Equal([400.0, 300.0, 200.0, 60.0], dog.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()));

        var images = root.GetProperty("images");
        Assert.Equal(800, images[0].GetProperty("width").GetInt32());
        Assert.Equal(600, images[0].GetProperty("height").GetInt32());
        Assert.EndsWith("__cat.jpg", images[0].GetProperty("file_name").GetString());
        // The task without annotations is listed with unknown size; the skipped one is left out.
        Assert.Equal(2, images.GetArrayLength());
        Assert.Equal(JsonValueKind.Null, images[1].GetProperty("width").ValueKind);
        Assert.Equal(2026, root.GetProperty("info").GetProperty("year").GetInt32());
        Assert.Equal((3, 1), (result.Tasks, result.Annotations));
        Assert.Equal(".zip", result.File.Extension);
    }

    [Fact]
    public async Task Coco_polygons_get_segmentation_bbox_and_area_in_pixels()
    {
        var (_, zip) = await Fixture.ConvertAsync("image-polygons", ExportFormat.Coco);
        using var coco = JsonDocument.Parse(Fixture.Unzip(zip)["result.json"]);
        var polygon = coco.RootElement.GetProperty("annotations")[0];

        // Points (0,50) (50,50) (50,100) in % of 1000x500.
        Assert.Equal([0.0, 250.0, 500.0, 250.0, 500.0, 500.0],
            polygon.GetProperty("segmentation")[0].EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal([0.0, 250.0, 500.0, 250.0], polygon.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(62500.0, polygon.GetProperty("area").GetDouble());
        Assert.Equal("/data/upload/7/aerial.png", coco.RootElement.GetProperty("images")[0].GetProperty("file_name").GetString());
    }

    [Fact]
    public async Task Coco_keypoints_are_whole_pixels_in_model_index_order_under_one_default_category()
    {
        var (_, zip) = await Fixture.ConvertAsync("image-shapes", ExportFormat.Coco);
        using var coco = JsonDocument.Parse(Fixture.Unzip(zip)["result.json"]);
        var keypoints = coco.RootElement.GetProperty("annotations").EnumerateArray().Single(a => a.TryGetProperty("keypoints", out _));

        // nose at 40%,20% and left_eye at 35.05%,18% of 1000x500; v=2 means labelled.
        Assert.Equal([400, 100, 2, 350, 90, 2], keypoints.GetProperty("keypoints").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(2, keypoints.GetProperty("num_keypoints").GetInt32());
        Assert.Equal([350, 90, 50, 10], keypoints.GetProperty("bbox").EnumerateArray().Select(v => v.GetInt32()));
        var defaultCategory = coco.RootElement.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "default");
        Assert.Equal(["nose", "left_eye"], defaultCategory.GetProperty("keypoints").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(defaultCategory.GetProperty("id").GetInt32(), keypoints.GetProperty("category_id").GetInt32());
    }

    [Fact]
    public async Task Yolo_lines_hold_class_and_normalised_centre_and_size()
    {
        var (_, zip) = await Fixture.ConvertAsync("image-rectangles", ExportFormat.Yolo);
        var files = Fixture.Unzip(zip);
        var labels = files.Single(f => f.Key.StartsWith("labels/") && f.Key.EndsWith("__cat.txt")).Value;

        // Cat: centre (10+15, 20+20)% -> 0.25 0.4, size 0.3 x 0.4.
        Assert.Equal("0 0.25 0.4 0.3 0.4\n1 0.625 0.55 0.25 0.1\n", labels);
        Assert.Equal("Cat\nDog\n", files["classes.txt"]);
        using var notes = JsonDocument.Parse(files["notes.json"]);
        Assert.Equal("Dog", notes.RootElement.GetProperty("categories")[1].GetProperty("name").GetString());
        // The unannotated task still gets an (empty) label file, the skipped one none.
        Assert.Equal("", files.Single(f => f.Key.EndsWith("__empty.txt")).Value);
        Assert.DoesNotContain(files.Keys, k => k.Contains("skipped"));
        Assert.Contains("images/", files.Keys);
    }

    [Fact]
    public async Task Yolo_polygons_list_normalised_points()
    {
        var (_, zip) = await Fixture.ConvertAsync("image-polygons", ExportFormat.Yolo);
        var files = Fixture.Unzip(zip);
        Assert.Equal("0 0.0 0.5 0.5 0.5 0.5 1.0\n", files["labels/aerial.txt"]);
        Assert.Equal("Building\nRoad\n", files["classes.txt"]);
    }

    [Fact]
    public async Task Yolo_pose_lines_append_keypoints_of_each_box()
    {
        var (_, zip) = await Fixture.ConvertAsync("image-shapes", ExportFormat.Yolo);
        var files = Fixture.Unzip(zip);
        Assert.Equal("0 0.4 0.5 0.4 0.8 0.4 0.2 2 0.3505 0.18 2", files["labels/frame-001.txt"]);
    }

    [Fact]
    public async Task Voc_writes_pixel_corners_per_image()
    {
        var (_, zip) = await Fixture.ConvertAsync("image-rectangles", ExportFormat.Voc);
        var files = Fixture.Unzip(zip);
        var xml = System.Xml.Linq.XDocument.Parse(files.Single(f => f.Key.StartsWith("Annotations/") && f.Key.EndsWith("__cat.xml")).Value);
        var root = xml.Root!;

        Assert.Equal("800", root.Element("size")!.Element("width")!.Value);
        var cat = root.Elements("object").First();
        Assert.Equal("Cat", cat.Element("name")!.Value);
        var box = cat.Element("bndbox")!;
        Assert.Equal(["80", "120", "320", "360"], new[] { "xmin", "ymin", "xmax", "ymax" }.Select(n => box.Element(n)!.Value));
        Assert.Equal("3", root.Element("source")!.Element("annotator")!.Value);
        // Only annotated tasks get an XML file.
        Assert.Single(files.Keys, k => k.EndsWith(".xml"));
    }
}
