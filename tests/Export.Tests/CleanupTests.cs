using System.Text;

namespace Labelit.Export.Tests;

public sealed class CleanupTests
{
    [Theory]
    [InlineData(ExportFormat.Csv)]
    [InlineData(ExportFormat.Coco)]
    [InlineData(ExportFormat.Yolo)]
    [InlineData(ExportFormat.Voc)]
    public async Task A_failed_export_leaves_no_temp_files(ExportFormat format)
    {
        var tempDirectory = Directory.CreateTempSubdirectory("labelit-export-test-").FullName;
        try
        {
            var good = await File.ReadAllTextAsync(Fixture.PathOf("image-rectangles.json"));
            var truncated = good[..good.LastIndexOf("\"id\": 3", StringComparison.Ordinal)];
            var options = new ExportOptions { TempDirectory = tempDirectory };

            await Assert.ThrowsAsync<ExportException>(() => ExportConverter.ConvertAsync(
                new MemoryStream(Encoding.UTF8.GetBytes(truncated)), format, Fixture.Config("image-rectangles"), new MemoryStream(), options));

            Assert.Empty(Directory.EnumerateFileSystemEntries(tempDirectory));
        }
        finally
        {
            Directory.Delete(tempDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task A_cancelled_export_stops()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await using var input = File.OpenRead(Fixture.PathOf("image-rectangles.json"));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ExportConverter.ConvertAsync(
            input, ExportFormat.Coco, Fixture.Config("image-rectangles"), new MemoryStream(), cancelled.Token));
    }
}
