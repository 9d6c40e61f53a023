using Labelit.Export.Import;

namespace Labelit.Export.Tests.Import;

/// <summary>A project exported with Labelit's converter and imported back has the same boxes.</summary>
public sealed class RoundTripTests : IDisposable
{
    private readonly ImportFixture _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(ExportFormat.Coco, LabelFormat.Coco)]
    [InlineData(ExportFormat.Yolo, LabelFormat.Yolo)]
    [InlineData(ExportFormat.Voc, LabelFormat.Voc)]
    [InlineData(ExportFormat.Json, LabelFormat.LabelStudioJson)]
    public async Task Exported_boxes_import_back_unchanged(ExportFormat export, LabelFormat import)
    {
        var (_, output) = await Fixture.ConvertAsync("image-rectangles", export);
        var path = _files.Write(export == ExportFormat.Json ? "export.json" : "export.zip", output);

        var parsed = await ImportFixture.ReadAsync(path, import, File.ReadAllText(Fixture.PathOf("image-rectangles.xml")));

        Assert.Equal(0, parsed.Problems.Total);
        // Every label finds the task it was exported from, by the name the format gave its image.
        var tasks = TaskIndex.From([
            new TaskCandidate(1, null, "https://cdn.example.com/photos/cat.jpg"),
            new TaskCandidate(2, null, "https://cdn.example.com/photos/empty.png"),
            new TaskCandidate(3, null, "https://cdn.example.com/photos/skipped.jpg"),
        ]);
        var matched = LabelMatcher.Match(parsed, tasks);
        Assert.Equal((parsed.Labels.Count, 1, 0), (matched.Summary.LabelsToImport, matched.Summary.TasksToLabel, matched.Summary.ProblemTotal));
        Assert.Equal([1L], matched.ByTask.Keys);
        if (import == LabelFormat.LabelStudioJson)
        {
            Assert.Equal(2, parsed.Labels.Count);
            Assert.All(parsed.Labels, l => Assert.Equal("https://cdn.example.com/photos/cat.jpg", l.File));
            return;
        }

        Assert.Equal([("Cat", 10.0, 20.0, 30.0, 40.0), ("Dog", 50.0, 50.0, 25.0, 10.0)],
            parsed.Labels.Select(l => (l.Label, Math.Round(l.X, 9), Math.Round(l.Y, 9), Math.Round(l.Width, 9), Math.Round(l.Height, 9))));
        // Each format names the image its own way; all of them end with the task's file name.
        Assert.All(parsed.Labels, l => Assert.Contains("__cat", l.File));
    }
}
