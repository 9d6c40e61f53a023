using System.Text;
using System.Text.Json;

namespace Labelit.Export.Tests;

/// <summary>Where one task ends must not be fooled by what task text contains.</summary>
public sealed class TaskBoundaryTests
{
    [Fact]
    public async Task Brackets_quotes_and_backslashes_inside_strings_do_not_end_a_task()
    {
        const string text = "}]{[ \"quoted\" ends with a backslash \\";
        var json = "[" + JsonSerializer.Serialize(new { id = 1, data = new { text }, annotations = Array.Empty<object>() })
            + ", {\"id\": 2, \"data\": {\"text\": \"{\"}, \"annotations\": []}]";
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(json));
        var (result, output) = await Fixture.ConvertAsync(input, Fixture.Config("text-classification"), ExportFormat.JsonMin);

        using var records = JsonDocument.Parse(output);
        Assert.Equal(text, records.RootElement[0].GetProperty("text").GetString());
        Assert.Equal("{", records.RootElement[1].GetProperty("text").GetString());
        Assert.Equal(2, result.Tasks);
    }

    [Theory]
    [InlineData("[{\"id\": 1} {\"id\": 2}]", "The export is not valid JSON near byte 11: expected ',' or ']' after task #1.")]
    [InlineData("[{\"id\": 1},]", "Task #2 of the export is ']', not a task object.")]
    [InlineData("[{\"id\": 1, \"data\": {\"text\": ]}}]", "The export is not valid JSON near byte 28 (in task #1)")]
    public async Task Broken_structure_between_and_inside_tasks_is_reported(string json, string expectedStart)
    {
        var error = await Assert.ThrowsAsync<ExportException>(() => Fixture.ConvertAsync(
            new MemoryStream(Encoding.UTF8.GetBytes(json)), Fixture.Config("text-classification"), ExportFormat.JsonMin));
        Assert.StartsWith(expectedStart, error.Message);
    }
}
