using System.Text;
using System.Text.Json;
using Labelit.Export.Config;
using Labelit.Export.Import;

namespace Labelit.Export.Tests.Import;

/// <summary>Labels find their task by storage path, trailing path, file name or (YOLO) file name without extension.</summary>
public sealed class MatchingTests
{
    private static readonly TaskIndex Tasks = TaskIndex.From([
        new TaskCandidate(1, "s3://photos/2026/cats/cat.jpg", "/projects/pets/media/1/cat.jpg"),
        new TaskCandidate(2, "s3://photos/2026/dogs/dog.png", "/projects/pets/media/2/dog.png"),
        new TaskCandidate(3, "s3://photos/2025/dogs/dog.png", "/projects/pets/media/3/dog.png"),
    ]);

    [Theory]
    [InlineData("s3://photos/2026/cats/cat.jpg", false)]
    [InlineData("photos/2026/cats/cat.jpg", false)]
    [InlineData("cats/cat.jpg", false)]
    [InlineData("./cat.jpg", false)]
    [InlineData("elsewhere/cat.jpg", false)]
    [InlineData("cat", true)]
    [InlineData("/projects/pets/media/1/cat.jpg", false)]
    public void A_file_is_found_by_any_name_that_is_unique(string reference, bool yolo)
    {
        Assert.Equal(1, Tasks.Find(reference, yolo, out var problem));
        Assert.Null(problem);
    }

    [Fact]
    public void A_file_name_two_tasks_share_matches_only_with_its_path()
    {
        Assert.Null(Tasks.Find("dog.png", false, out var problem));
        Assert.Contains("several tasks", problem);
        Assert.Equal(3, Tasks.Find("2025/dogs/dog.png", false, out _));
    }

    [Fact]
    public void A_file_with_another_extension_is_not_taken_for_the_task()
    {
        Assert.Null(Tasks.Find("cat.png", false, out var problem));
        Assert.Contains("matches no task", problem);
    }

    [Fact]
    public async Task The_dry_run_counts_labels_per_outcome_and_reports_each_unmatched_file_once()
    {
        using var files = new ImportFixture();
        var path = files.Write("coco.json", """
            {"images": [{"id": 1, "file_name": "cat.jpg", "width": 100, "height": 100},
                        {"id": 2, "file_name": "unknown.jpg", "width": 100, "height": 100}],
             "categories": [{"id": 1, "name": "Cat"}, {"id": 2, "name": "Lion"}],
             "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 10, 10, 10]},
                             {"id": 2, "image_id": 1, "category_id": 1, "bbox": [20, 20, 10, 10]},
                             {"id": 3, "image_id": 2, "category_id": 1, "bbox": [20, 20, 10, 10]},
                             {"id": 4, "image_id": 2, "category_id": 1, "bbox": [30, 20, 10, 10]},
                             {"id": 5, "image_id": 1, "category_id": 2, "bbox": [30, 20, 10, 10]}]}
            """);
        var parsed = await ImportFixture.ReadAsync(path, LabelFormat.Coco);

        var matched = LabelMatcher.Match(parsed, Tasks);

        var summary = matched.Summary;
        Assert.Equal((2, 4, 2, 1, 3, 1), (summary.FilesInImport, summary.LabelsRead, summary.LabelsToImport, summary.TasksToLabel, summary.ProjectTasks, summary.FilesMatched));
        Assert.Equal(new Dictionary<string, int> { ["unknown label"] = 1, ["file matching no task"] = 1 }, summary.ProblemCounts);
        Assert.Contains(summary.FirstProblems, p => p.Where == "unknown.jpg" && p.Kind == "file matching no task");
        Assert.Equal(2, matched.ByTask[1].Count);
    }

    [Fact]
    public void Results_are_written_as_ls_stores_them()
    {
        var target = LabelTarget.For(LabelConfig.Parse(ImportFixture.BoxesConfig));
        var box = new ImportedLabel("cat.jpg", LabelShape.Rectangle, "Cat", 10, 20, 30, 40, 800, 600, 0.8);

        var json = Write(w => LabelStudioResults.WriteResultArray(w, [box], target));

        using var document = JsonDocument.Parse(json);
        var result = document.RootElement[0];
        Assert.Equal(("rectanglelabels", "label", "image"), (result.GetProperty("type").GetString(), result.GetProperty("from_name").GetString(), result.GetProperty("to_name").GetString()));
        Assert.Equal(800, result.GetProperty("original_width").GetDouble());
        var value = result.GetProperty("value");
        Assert.Equal((10.0, 20.0, 30.0, 40.0), (value.GetProperty("x").GetDouble(), value.GetProperty("y").GetDouble(), value.GetProperty("width").GetDouble(), value.GetProperty("height").GetDouble()));
        Assert.Equal("Cat", value.GetProperty("rectanglelabels")[0].GetString());
    }

    [Fact]
    public void Classes_of_one_file_become_one_choices_result()
    {
        var target = LabelTarget.For(LabelConfig.Parse(ImportFixture.ClassesConfig));
        ImportedLabel[] labels = [new("a.jpg", LabelShape.Choice, "Indoor"), new("a.jpg", LabelShape.Choice, "Outdoor"), new("a.jpg", LabelShape.Choice, "Indoor")];

        var json = Write(w => LabelStudioResults.WriteResultArray(w, labels, target));

        Assert.Contains("\"type\":\"choices\",\"from_name\":\"class\",\"to_name\":\"image\",\"value\":{\"choices\":[\"Indoor\",\"Outdoor\"]}", json);
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
            write(writer);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
