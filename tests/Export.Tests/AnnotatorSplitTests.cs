using System.Text;
using System.Text.Json;

namespace Labelit.Export.Tests;

/// <summary>An export split by author: each person's share holds their tasks with only their annotations.</summary>
public sealed class AnnotatorSplitTests
{
    [Fact]
    public async Task Each_author_gets_the_tasks_they_annotated_with_only_their_annotations_and_the_rest_of_each_task_as_LS_wrote_it()
    {
        const string export = """
            [{"id": 1, "data": {"text": "caf\u00e9 \"one\""}, "annotations": [
                {"id": 10, "completed_by": 3, "result": [], "was_cancelled": false},
                {"id": 11, "completed_by": {"id": 4, "email": "bob@example.com"}, "result": [], "was_cancelled": false}],
              "predictions": [{"id": 5, "score": 0.50}], "meta": {}},
             {"id": 2, "data": {"text": "two"}, "annotations": [{"id": 12, "completed_by": 3, "result": [], "was_cancelled": true}]},
             {"id": 3, "data": {"text": "nobody"}, "annotations": []}]
            """;
        var folder = Path.Combine(Path.GetTempPath(), $"labelit-split-test-{Guid.NewGuid():N}");
        try
        {
            using var input = new MemoryStream(Encoding.UTF8.GetBytes(export));
            var shares = await AnnotatorSplit.SplitAsync(input, folder);

            Assert.Equal([(3L, 2, 2), (4L, 1, 1)], shares.Select(s => (s.LsUserId, s.Tasks, s.Annotations)));
            using var first = JsonDocument.Parse(await File.ReadAllTextAsync(shares[0].RawJsonPath));
            Assert.Equal([1, 2], first.RootElement.EnumerateArray().Select(t => t.GetProperty("id").GetInt32()));
            Assert.Equal([10, 12], first.RootElement.EnumerateArray().SelectMany(t => t.GetProperty("annotations").EnumerateArray())
                .Select(a => a.GetProperty("id").GetInt32()));
            var second = await File.ReadAllTextAsync(shares[1].RawJsonPath);
            using (var parsed = JsonDocument.Parse(second))
                Assert.Equal([11], parsed.RootElement[0].GetProperty("annotations").EnumerateArray().Select(a => a.GetProperty("id").GetInt32()));
            // Values are copied as LS wrote them: escapes and 0.50 unchanged.
            Assert.Contains("""{"text": "caf\u00e9 \"one\""}""", second);
            Assert.Contains("""[{"id": 5, "score": 0.50}]""", second);
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }
}
