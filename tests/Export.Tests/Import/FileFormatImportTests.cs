using System.IO.Compression;
using Labelit.Export.Import;

namespace Labelit.Export.Tests.Import;

/// <summary>YOLO, Pascal VOC, CSV and LS JSON imports: what a user's file turns into, and what is reported.</summary>
public sealed class FileFormatImportTests : IDisposable
{
    private readonly ImportFixture _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Yolo_lines_become_boxes_named_by_classes_txt()
    {
        _files.Write("yolo/classes.txt", "Dog\nCat\nHorse\n");
        _files.Write("yolo/labels/cat.txt", "1 0.25 0.4 0.3 0.4\n2 0.5 0.5 0.1 0.1\n0 0.95 0.5 0.2 0.2\n7 0.5 0.5 0.1 0.1\n0 0.5 0.5\n0 0.1 0.1 0.2 0.1 0.2 0.2\n");

        var parsed = await ImportFixture.ReadAsync(_files.Folder("yolo"), LabelFormat.Yolo);

        var cat = Assert.Single(parsed.Labels);
        Assert.Equal(("cat", "Cat"), (cat.File, cat.Label));
        Assert.Equal(10.0, cat.X, 9);
        Assert.Equal(20.0, cat.Y, 9);
        Assert.Equal(30.0, cat.Width, 9);
        Assert.Equal(40.0, cat.Height, 9);
        Assert.Equal(2, parsed.Problems.Count(ProblemKind.UnknownLabel)); // Horse, class 7
        Assert.Equal(1, parsed.Problems.Count(ProblemKind.OutsideImage));
        Assert.Equal(1, parsed.Problems.Count(ProblemKind.Malformed));
        Assert.Equal(1, parsed.Problems.Count(ProblemKind.Unsupported));
        Assert.Contains(parsed.Problems.First, p => p.Where == "labels/cat.txt line 3" && p.Kind == ProblemKind.OutsideImage);
    }

    [Fact]
    public async Task Yolo_without_classes_txt_says_what_is_missing()
    {
        _files.Write("yolo/labels/cat.txt", "0 0.5 0.5 0.1 0.1\n");

        var error = await Assert.ThrowsAsync<LabelImportException>(() => ImportFixture.ReadAsync(_files.Folder("yolo"), LabelFormat.Yolo));

        Assert.Contains("classes.txt is missing", error.Message);
    }

    [Fact]
    public async Task Voc_boxes_in_a_zip_become_percentages_and_bad_files_are_reported()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            Entry(archive, "Annotations/cat.xml", """
                <annotation><filename>cat.jpg</filename><size><width>800</width><height>600</height></size>
                <object><name>Cat</name><bndbox><xmin>80</xmin><ymin>120</ymin><xmax>320</xmax><ymax>360</ymax></bndbox></object>
                <object><name>Cat</name><bndbox><xmin>700</xmin><ymin>120</ymin><xmax>900</xmax><ymax>360</ymax></bndbox></object>
                <object><name>Zebra</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></object>
                </annotation>
                """);
            Entry(archive, "Annotations/broken.xml", "<annotation><filename>x.jpg</filename>");
        }

        var parsed = await ImportFixture.ReadAsync(_files.Write("voc.zip", zip.ToArray()), LabelFormat.Voc);

        var cat = Assert.Single(parsed.Labels);
        Assert.Equal(("cat.jpg", 10.0, 20.0, 30.0, 40.0, 800.0), (cat.File, cat.X, cat.Y, cat.Width, cat.Height, cat.ImageWidth));
        Assert.Equal(1, parsed.Problems.Count(ProblemKind.OutsideImage));
        Assert.Equal(1, parsed.Problems.Count(ProblemKind.UnknownLabel));
        Assert.Contains(parsed.Problems.First, p => p.Kind == ProblemKind.Malformed && p.Where.StartsWith("Annotations/broken.xml line"));
        Assert.Contains(parsed.Problems.First, p => p.Kind == ProblemKind.UnknownLabel && p.Where == "Annotations/cat.xml line 4");
    }

    [Fact]
    public async Task Csv_rows_become_choices_and_unknown_classes_are_reported_by_row()
    {
        var path = _files.Write("classes.csv", "image,label\nkitchen.jpg,Indoor\n\"a, b.jpg\",Outdoor\nbeach.jpg,Underwater\n");

        var parsed = await ImportFixture.ReadAsync(path, LabelFormat.Csv, ImportFixture.ClassesConfig);

        Assert.Equal([("kitchen.jpg", "Indoor"), ("a, b.jpg", "Outdoor")], parsed.Labels.Select(l => (l.File, l.Label)));
        Assert.All(parsed.Labels, l => Assert.Equal(LabelShape.Choice, l.Shape));
        var unknown = Assert.Single(parsed.Problems.First);
        Assert.Equal(("classes.csv row 4", ProblemKind.UnknownLabel), (unknown.Where, unknown.Kind));
        Assert.Equal(3, parsed.FilesMentioned);
    }

    [Fact]
    public async Task Csv_without_recognisable_columns_names_the_columns_it_looks_for()
    {
        var path = _files.Write("classes.csv", "a,b,c\n1,2,3\n");

        var error = await Assert.ThrowsAsync<LabelImportException>(() => ImportFixture.ReadAsync(path, LabelFormat.Csv, ImportFixture.ClassesConfig));

        Assert.Contains("image,label", error.Message);
    }

    [Fact]
    public async Task Label_studio_json_keeps_results_as_they_are_and_checks_them_against_the_config()
    {
        var path = _files.Write("tasks.json", """
            [{"id": 1, "data": {"image": "s3://bucket/cat.jpg"},
              "annotations": [{"was_cancelled": true, "result": [{"from_name": "label", "to_name": "image", "type": "rectanglelabels", "value": {"x": 1, "y": 1, "width": 1, "height": 1, "rectanglelabels": ["Dog"]}}]},
                              {"result": [{"from_name": "label", "to_name": "image", "type": "rectanglelabels", "value": {"x": 10, "y": 20, "width": 30, "height": 40, "rectanglelabels": ["Cat"]}},
                                          {"from_name": "label", "to_name": "image", "type": "rectanglelabels", "value": {"x": 90, "y": 20, "width": 30, "height": 40, "rectanglelabels": ["Cat"]}},
                                          {"from_name": "label", "to_name": "image", "type": "rectanglelabels", "value": {"x": 1, "y": 1, "width": 1, "height": 1, "rectanglelabels": ["Moose"]}},
                                          {"from_name": "nope", "to_name": "image", "type": "choices", "value": {"choices": ["x"]}}]}]},
             {"id": 2, "data": {"image": "dog.jpg"}, "predictions": [{"score": 0.5, "result": [{"from_name": "label", "to_name": "image", "type": "rectanglelabels", "value": {"x": 5, "y": 5, "width": 5, "height": 5, "rectanglelabels": ["Dog"]}}]}]},
             {"id": 3, "image": "no data"}]
            """);

        var parsed = await ImportFixture.ReadAsync(path, LabelFormat.LabelStudioJson);

        Assert.Equal([("s3://bucket/cat.jpg", null), ("dog.jpg", 0.5)], parsed.Labels.Select(l => (l.File, l.Score)));
        Assert.Contains("\"x\": 10", parsed.Labels[0].ResultJson);
        Assert.Equal(1, parsed.Problems.Count(ProblemKind.OutsideImage));
        Assert.Equal(1, parsed.Problems.Count(ProblemKind.UnknownLabel));
        Assert.Equal(1, parsed.Problems.Count(ProblemKind.Unsupported));
        Assert.Contains(parsed.Problems.First, p => p.Where == "task #3 (id 3)" && p.Kind == ProblemKind.Malformed);
    }

    [Fact]
    public async Task Truncated_label_studio_json_is_refused_whole()
    {
        var path = _files.Write("tasks.json", "[{\"data\": {\"image\": \"a.jpg\"}}, {\"data\": ");

        var error = await Assert.ThrowsAsync<LabelImportException>(() => ImportFixture.ReadAsync(path, LabelFormat.LabelStudioJson));

        Assert.Contains("truncated", error.Message);
    }

    private static void Entry(ZipArchive archive, string name, string text)
    {
        using var writer = new StreamWriter(archive.CreateEntry(name).Open());
        writer.Write(text);
    }
}
