using Labelit.Export;
using Labelit.Export.Provenance;
using Labelit.Plugins;

namespace Labelit.Worker.Exports;

/// <summary>
/// Exports to a storage plugin's store under &lt;destination&gt;/&lt;project slug&gt;/&lt;yyyyMMdd-HHmmss&gt;/:
/// the files first, then an empty "_SUCCESS" marker last, so readers take a prefix as complete only
/// once the marker is there.
/// </summary>
public sealed class StorageExportDestination : IExportDestination
{
    public const string CompletionMarker = "_SUCCESS";

    private readonly IStorageBackend _backend;
    private readonly StoragePath _projectPrefix;

    public StorageExportDestination(IStorageBackend backend, string destination, string slug, long runId, string tempRoot)
    {
        _backend = backend;
        Destination = destination;
        var root = StoragePath.Parse(destination.Trim());
        var key = root.Key.Length == 0 || root.Key.EndsWith('/') ? root.Key : root.Key + "/";
        _projectPrefix = root.WithKey($"{key}{slug}/");
        StagingFolder = Path.Combine(tempRoot, $"labelit-export-{runId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(StagingFolder);
    }

    public string Destination { get; }
    public string StagingFolder { get; }

    public async Task<string> PublishAsync(string runFolderName, IReadOnlyList<ExportedFile> files, CancellationToken cancellationToken)
    {
        var prefix = _projectPrefix.WithKey($"{_projectPrefix.Key}{runFolderName}/");
        foreach (var file in files)
        {
            await using var content = File.OpenRead(Path.Combine(StagingFolder, file.Name));
            var contentType = file.Format == ProvenanceCsv.FormatName ? ProvenanceCsv.ContentType : ExportFileInfo.For(ExportFormatNames.Parse(file.Format)).ContentType;
            await _backend.WriteAsync(prefix.WithKey(prefix.Key + file.Name), content, contentType, cancellationToken);
        }
        await _backend.WriteAsync(prefix.WithKey(prefix.Key + CompletionMarker), new MemoryStream([]), "text/plain", cancellationToken);
        return prefix.ToString();
    }

    /// <summary>Deletes every object of a published run (retention).</summary>
    public static async Task DeleteRunAsync(IStorageBackend backend, string location, CancellationToken cancellationToken)
    {
        var prefix = StoragePath.Parse(location);
        if (!prefix.Key.EndsWith('/'))
            return; // never a run prefix: refuse to delete by a bare key
        var paths = new List<StoragePath>();
        await foreach (var page in backend.ListAsync(prefix, cancellationToken))
            paths.AddRange(page.Select(o => o.Path));
        if (paths.Count > 0)
            await backend.DeleteAsync(paths, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(StagingFolder, recursive: true);
        }
        catch (IOException)
        {
        }
        _backend.Dispose();
        return ValueTask.CompletedTask;
    }
}
