using System.IO.Compression;
using System.Text;

namespace Labelit.Export.Tests;

public sealed class ZipTests
{
    [Fact]
    public async Task Yolo_zip_with_more_than_65535_files_opens_with_every_label_file()
    {
        const int tasks = 70_000;
        var json = new StringBuilder("[");
        for (var id = 1; id <= tasks; id++)
        {
            json.Append(id == 1 ? "" : ",").Append($$$"""
                {"id": {{{id}}}, "data": {"image": "https://cdn.example.com/f/{{{id}}}.jpg"}, "annotations": [{"id": {{{id}}}, "result": [
                {"from_name": "label", "to_name": "image", "type": "rectanglelabels", "original_width": 100, "original_height": 100,
                 "value": {"x": 10, "y": 10, "width": 20, "height": 20, "rectanglelabels": ["Dog"]}}]}]}
                """);
        }

        json.Append(']');
        var (result, zip) = await Fixture.ConvertAsync(
            new MemoryStream(Encoding.UTF8.GetBytes(json.ToString())), Fixture.Config("image-rectangles"), ExportFormat.Yolo);

        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var labelFiles = archive.Entries.Where(e => e.FullName.StartsWith("labels/") && e.FullName.EndsWith(".txt")).ToList();
        Assert.Equal(tasks, labelFiles.Count);
        using var reader = new StreamReader(labelFiles[^1].Open());
        Assert.Equal("1 0.2 0.2 0.2 0.2\n", await reader.ReadToEndAsync());
        Assert.Equal(tasks, result.Tasks);
    }
}
