using System.Text;
using System.Text.Json;
using Labelit.Export.Provenance;

namespace Labelit.Export.Tests.Provenance;

/// <summary>Exports say where each task came from and which version of its file each label was made on.</summary>
public sealed class ProvenanceTests
{
    // Laid out as LS 1.8 writes a snapshot (Python's json encoder: ", " and ": ", no indent).
    private const string LabelStudioSnapshot =
        """[{"id": 1, "data": {"image": "/projects/cats/media/10/cat.jpg"}, "annotations": [{"id": 11, "result": [], "was_cancelled": false, "created_at": "2026-11-01T10:00:00.000000Z", "updated_at": "2026-11-01T10:05:00.000000Z"}, {"id": 12, "result": [], "was_cancelled": false, "created_at": "2026-11-01T10:40:00.000000Z", "updated_at": "2026-11-01T10:41:00.000000Z"}], "meta": {"labelit_object_id": 10}, "project": 7}, {"id": 2, "data": {"image": "https://elsewhere.example/dog.jpg"}, "annotations": [], "project": 7}, {"id": 3, "data": {"image": "/projects/cats/media/12/skipped.jpg"}, "annotations": [{"id": 31, "result": [], "was_cancelled": true, "updated_at": "2026-11-01T11:00:00.000000Z"}], "project": 7}]""";

    [Fact]
    public async Task The_JSON_export_is_label_studios_with_one_provenance_field_added_to_each_task()
    {
        var output = await ConvertAsync(LabelStudioSnapshot, ExportFormat.Json, FixedOrigins.ForImageRectangles());

        // Task 1's last label (10:41) was made after cat.jpg changed (10:30): on the current version.
        var expected = LabelStudioSnapshot
            .Replace("""7}, {"id": 2""", """7, "labelit_provenance": {"location": "s3://photos/cat.jpg", "dataset_sync": 4, "labelled_version": "\"v2\"", "current_version": "\"v2\"", "labelled_on_older_version": false}}, {"id": 2""")
            .Replace("""7}, {"id": 3""", """7, "labelit_provenance": null}, {"id": 3""")
            .Replace("""7}]""", """7, "labelit_provenance": {"location": "s3://photos/skipped.jpg", "dataset_sync": 4, "labelled_version": null, "current_version": "\"s1\"", "labelled_on_older_version": false}}]""");
        Assert.Equal(expected, output);
        // Without origins (a converter used on its own) the file is LS's, byte for byte.
        Assert.Equal(LabelStudioSnapshot, await ConvertAsync(LabelStudioSnapshot, ExportFormat.Json, origins: null));
    }

    [Fact]
    public async Task A_task_whose_file_changed_after_its_last_label_is_flagged_labelled_on_an_older_version()
    {
        var snapshot = LabelStudioSnapshot.Replace("10:41:00", "10:20:00").Replace("10:40:00", "10:15:00");

        using var json = JsonDocument.Parse(await ConvertAsync(snapshot, ExportFormat.Json, FixedOrigins.ForImageRectangles()));

        var cat = json.RootElement[0].GetProperty("labelit_provenance");
        Assert.Equal(("\"v1\"", "\"v2\"", true), (cat.GetProperty("labelled_version").GetString(), cat.GetProperty("current_version").GetString(),
            cat.GetProperty("labelled_on_older_version").GetBoolean()));
    }

    [Fact]
    public async Task Provenance_csv_has_a_row_per_label_with_its_version_and_a_status_in_words()
    {
        using var output = new MemoryStream();
        await ProvenanceCsv.WriteAsync(new MemoryStream(Encoding.UTF8.GetBytes(LabelStudioSnapshot)), FixedOrigins.ForImageRectangles(), output);

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split("\r\n");
        Assert.Equal([
            "\"task_id\",\"annotation_id\",\"location\",\"dataset_sync\",\"labelled_at\",\"labelled_version\",\"current_version\",\"status\"",
            "1,11,\"s3://photos/cat.jpg\",4,\"2026-11-01T10:05:00.000000Z\",\"\"\"v1\"\"\",\"\"\"v2\"\"\",\"labelled on an older version\"",
            "1,12,\"s3://photos/cat.jpg\",4,\"2026-11-01T10:41:00.000000Z\",\"\"\"v2\"\"\",\"\"\"v2\"\"\",\"labelled on the current version\"",
            "2,\"\",\"\",\"\",\"\",\"\",\"\",\"not from a dataset sync\"",
            // The skipped annotation holds no label.
            "3,\"\",\"s3://photos/skipped.jpg\",4,\"\",\"\",\"\"\"s1\"\"\",\"not labelled\"",
            "",
        ], lines);
    }

    [Fact]
    public void A_file_put_back_as_it_was_is_not_an_older_version_and_an_unknown_earlier_version_is()
    {
        var at = new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero);
        using var task = JsonDocument.Parse("""{"id": 1, "annotations": [{"id": 2, "result": [], "updated_at": "2026-01-01T00:00:00Z"}]}""");

        var reverted = TaskProvenance.Of(task.RootElement, new TaskOrigin("s3://b/a.jpg", 1,
            [new StorageVersion("\"a\"", null), new StorageVersion("\"b\"", at), new StorageVersion("\"a\"", at.AddDays(1))]));
        var unknown = TaskProvenance.Of(task.RootElement, new TaskOrigin("s3://b/a.jpg", 1, [new StorageVersion(null, null), new StorageVersion("\"b\"", at)]));

        Assert.False(reverted.OnOlderVersion);
        Assert.True(unknown.OnOlderVersion);
    }

    [Fact]
    public void A_label_is_dated_to_the_version_storage_held_when_it_was_made()
    {
        var origin = new TaskOrigin("s3://b/a.jpg", 1, [
            new StorageVersion("a", null),
            new StorageVersion("b", new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero)),
            new StorageVersion("c", new DateTimeOffset(2026, 1, 3, 0, 0, 0, TimeSpan.Zero)),
        ]);

        Assert.Equal("a", origin.VersionAt(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).ETag);
        Assert.Equal("b", origin.VersionAt(new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero)).ETag);
        Assert.Equal("b", origin.VersionAt(new DateTimeOffset(2026, 1, 2, 23, 0, 0, TimeSpan.Zero)).ETag);
        Assert.Equal("c", origin.VersionAt(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)).ETag);
    }

    [Fact]
    public async Task A_malformed_snapshot_fails_the_provenance_file_with_a_clear_message()
    {
        var error = await Assert.ThrowsAsync<ExportException>(() =>
            ProvenanceCsv.WriteAsync(new MemoryStream("""[{"id": 1"""u8.ToArray()), FixedOrigins.ForImageRectangles(), Stream.Null));
        Assert.Contains("truncated", error.Message);
    }

    private static async Task<string> ConvertAsync(string raw, ExportFormat format, ITaskOrigins? origins)
    {
        using var output = new MemoryStream();
        await ExportConverter.ConvertAsync(new MemoryStream(Encoding.UTF8.GetBytes(raw)), format,
            Fixture.Config("image-rectangles"), output, new ExportOptions { Origins = origins });
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
