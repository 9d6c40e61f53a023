using Labelit.TestSupport;
using Labelit.Worker.Exports;

namespace Labelit.Worker.Tests.Exports;

public sealed class LocalFolderTests : IDisposable
{
    private readonly string _root = TestDirectories.Create("labelit-exports-unit-");

    [Fact]
    public async Task Files_are_invisible_until_published_and_a_run_abandoned_before_that_leaves_nothing()
    {
        await using (var abandoned = new LocalExportDestination(_root, "cats", runId: 1))
        {
            await File.WriteAllTextAsync(Path.Combine(abandoned.StagingFolder, "cats-JSON.json"), "[");
            Assert.Empty(Published());
        }
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_root, "cats")));

        await using var published = new LocalExportDestination(_root, "cats", runId: 2);
        await File.WriteAllTextAsync(Path.Combine(published.StagingFolder, "cats-JSON.json"), "[]");
        var location = await published.PublishAsync("20261122-060000", [new ExportedFile("cats-JSON.json", "JSON", 2)], CancellationToken.None);
        Assert.Equal("cats/20261122-060000", location);
        Assert.Equal("[]", await File.ReadAllTextAsync(Path.Combine(_root, location, "cats-JSON.json")));
        Assert.Single(Published());
    }

    [Fact]
    public void A_leftover_partial_folder_of_a_killed_run_is_removed_by_the_next_run()
    {
        var leftover = Directory.CreateDirectory(Path.Combine(_root, "cats", ".partial-7", "files")).FullName;
        File.WriteAllText(Path.Combine(leftover, "cats-CSV.csv"), "half");
        _ = new LocalExportDestination(_root, "cats", runId: 8);
        Assert.False(Directory.Exists(Path.Combine(_root, "cats", ".partial-7")));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("cats/../../outside")]
    [InlineData("/etc")]
    [InlineData("")]
    [InlineData("..")]
    public void Paths_that_leave_the_export_folder_are_refused(string relative)
    {
        Assert.Null(ExportPaths.Resolve(_root, relative));
        Assert.Throws<InvalidOperationException>(() => ExportPaths.ProjectFolder(_root, relative.Length == 0 ? ".." : relative));
    }

    [Fact]
    public void Retention_refuses_to_delete_outside_the_export_folder()
    {
        var outside = TestDirectories.Create("labelit-exports-outside-");
        try
        {
            LocalExportDestination.DeleteRun(_root, Path.GetRelativePath(_root, outside));
            Assert.True(Directory.Exists(outside));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    private IEnumerable<string> Published() =>
        Directory.Exists(Path.Combine(_root, "cats"))
            ? Directory.GetDirectories(Path.Combine(_root, "cats")).Where(d => !Path.GetFileName(d).StartsWith('.'))
            : [];

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
