using Labelit.Export.Import;

namespace Labelit.Export.Tests.Import;

public sealed class CocoImportTests : IDisposable
{
    private readonly ImportFixture _files = new();

    public void Dispose() => _files.Dispose();

    private const string Coco = """
        {"annotations": [
           {"id": 1, "image_id": 7, "category_id": 2, "bbox": [80, 120, 240, 240], "score": 0.9},
           {"id": 2, "image_id": 7, "category_id": 3, "bbox": [0, 0, 10, 10]},
           {"id": 3, "image_id": 7, "category_id": 2, "bbox": [700, 500, 200, 200]},
           {"id": 3, "image_id": 7, "category_id": 2, "bbox": [0, 0, 10, 10]},
           {"id": 4, "image_id": 99, "category_id": 2, "bbox": [0, 0, 10, 10]}
         ],
         "images": [{"id": 7, "file_name": "photos/cat.jpg", "width": 800, "height": 600}],
         "categories": [{"id": 2, "name": "Cat"}, {"id": 3, "name": "Horse"}]}
        """;

    [Fact]
    public async Task Boxes_become_percentages_of_the_image_whatever_the_section_order()
    {
        var parsed = await ImportFixture.ReadAsync(_files.Write("coco.json", Coco), LabelFormat.Coco);

        var cat = Assert.Single(parsed.Labels);
        Assert.Equal(("photos/cat.jpg", LabelShape.Rectangle, "Cat"), (cat.File, cat.Shape, cat.Label));
        Assert.Equal((10.0, 20.0, 30.0, 40.0), (cat.X, cat.Y, cat.Width, cat.Height));
        Assert.Equal((800.0, 600.0, 0.9), (cat.ImageWidth, cat.ImageHeight, cat.Score));
    }

    [Fact]
    public async Task Unknown_labels_boxes_outside_duplicates_and_dangling_ids_are_reported_with_their_element()
    {
        var parsed = await ImportFixture.ReadAsync(_files.Write("coco.json", Coco), LabelFormat.Coco);

        Assert.Equal(1, parsed.Problems.Count(ProblemKind.UnknownLabel));
        Assert.Equal(1, parsed.Problems.Count(ProblemKind.OutsideImage));
        Assert.Equal(1, parsed.Problems.Count(ProblemKind.DuplicateId));
        Assert.Equal(1, parsed.Problems.Count(ProblemKind.Malformed));
        Assert.Contains(parsed.Problems.First, p => p.Where == "annotations #2 (id 2)" && p.Message.Contains("\"Horse\""));
        Assert.Contains(parsed.Problems.First, p => p.Where == "annotations #3 (id 3)" && p.Message.Contains("outside the image"));
        Assert.Contains(parsed.Problems.First, p => p.Where == "annotations #5 (id 4)" && p.Message.Contains("image_id"));
    }

    [Fact]
    public async Task Malformed_json_says_where_and_what_to_do()
    {
        var path = _files.Write("coco.json", "{\"images\": [{\"id\": 1, \"file_name\": \"a.jpg\"\n, ]}");

        var error = await Assert.ThrowsAsync<LabelImportException>(() => ImportFixture.ReadAsync(path, LabelFormat.Coco));

        Assert.Contains("line 2", error.Message);
        Assert.Contains("\"images\", element #1", error.Message);
        Assert.Contains("upload it again", error.Message);
    }

    [Fact]
    public async Task A_config_without_rectangle_labels_is_refused_before_reading()
    {
        var path = _files.Write("coco.json", Coco);

        var error = await Assert.ThrowsAsync<LabelImportException>(() => ImportFixture.ReadAsync(path, LabelFormat.Coco, ImportFixture.ClassesConfig));

        Assert.Contains("no <RectangleLabels>", error.Message);
    }

    [Fact]
    public async Task Elements_larger_than_the_read_buffer_and_many_annotations_stream_through()
    {
        // 3,000 annotations (about 240 KB, several 64 KB buffers) and one image entry with a 200 KB field.
        var annotations = string.Join(",", Enumerable.Range(1, 3000).Select(i => $"{{\"id\": {i}, \"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 2, 3, 4]}}"));
        var padding = new string('x', 200_000);
        var json = $"{{\"images\": [{{\"id\": 1, \"file_name\": \"a.jpg\", \"width\": 100, \"height\": 100, \"note\": \"{padding}\"}}], " +
                   $"\"categories\": [{{\"id\": 1, \"name\": \"Dog\"}}], \"annotations\": [{annotations}]}}";

        var parsed = await ImportFixture.ReadAsync(_files.Write("big.json", json), LabelFormat.Coco);

        Assert.Equal(3000, parsed.Labels.Count);
        Assert.Equal(0, parsed.Problems.Total);
        Assert.All(parsed.Labels, l => Assert.Equal((1.0, 2.0, 3.0, 4.0), (l.X, l.Y, l.Width, l.Height)));
    }
}
