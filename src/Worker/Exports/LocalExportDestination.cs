namespace Labelit.Worker.Exports;

/// <summary>
/// Exports under &lt;export folder&gt;/&lt;project slug&gt;/&lt;yyyyMMdd-HHmmss&gt;/. Files are written into a
/// hidden ".partial-&lt;run&gt;" folder beside it and the folder is renamed when complete, so a crash
/// leaves no partial export visible (and the next run of the project removes the leftover).
/// </summary>
public sealed class LocalExportDestination : IExportDestination
{
    private const string PartialPrefix = ".partial-";
    private readonly string _projectFolder;
    private readonly string _workFolder;

    public LocalExportDestination(string exportRoot, string slug, long runId)
    {
        _projectFolder = ExportPaths.ProjectFolder(exportRoot, slug);
        Directory.CreateDirectory(_projectFolder);
        RemoveLeftovers(_projectFolder);
        _workFolder = Path.Combine(_projectFolder, PartialPrefix + runId);
        StagingFolder = Path.Combine(_workFolder, "files");
        Directory.CreateDirectory(StagingFolder);
        ExportRoot = exportRoot;
    }

    public string ExportRoot { get; }
    public string Destination => ExportSettings.LocalDestination;
    public string StagingFolder { get; }

    public Task<string> PublishAsync(string runFolderName, IReadOnlyList<ExportedFile> files, CancellationToken cancellationToken)
    {
        var target = Path.Combine(_projectFolder, runFolderName);
        for (var n = 2; Directory.Exists(target); n++)
            target = Path.Combine(_projectFolder, $"{runFolderName}-{n}");
        // One rename on one file system: readers see either nothing or the complete folder.
        Directory.Move(StagingFolder, target);
        return Task.FromResult(Path.GetRelativePath(ExportRoot, target).Replace('\\', '/'));
    }

    public ValueTask DisposeAsync()
    {
        TryDelete(_workFolder);
        return ValueTask.CompletedTask;
    }

    /// <summary>Deletes a published run folder (retention); refuses anything outside the export folder.</summary>
    public static void DeleteRun(string exportRoot, string location)
    {
        var folder = ExportPaths.Resolve(exportRoot, location);
        if (folder is not null)
            TryDelete(folder);
    }

    // Only one run of a project runs at a time, so any partial folder is a dead run's.
    private static void RemoveLeftovers(string projectFolder)
    {
        foreach (var partial in Directory.EnumerateDirectories(projectFolder, PartialPrefix + "*"))
            TryDelete(partial);
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
