using System.Runtime.CompilerServices;
using Labelit.Plugins;

namespace Labelit.Data.Datasets;

/// <summary>
/// Reads uploaded files as <c>upload://project-&lt;id&gt;/&lt;file&gt;</c>, never outside the uploads root.
/// Read-only: uploads are written by <see cref="UploadedFiles.SaveAsync"/>.
/// </summary>
public sealed class UploadsBackend(string root) : IStorageBackend
{
    private const int PageSize = 1000;

    public async IAsyncEnumerable<IReadOnlyList<StorageObject>> ListAsync(StoragePath prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var folder = Resolve(prefix with { Key = "" });
        if (!Directory.Exists(folder))
            yield break;
        var page = new List<StorageObject>(PageSize);
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles().Where(f => !f.Name.StartsWith('.')).OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!file.Name.StartsWith(prefix.Key, StringComparison.Ordinal))
                continue;
            // Size and modification time change together with the content: a good enough ETag for uploads.
            page.Add(new StorageObject(prefix with { Key = file.Name }, file.Length, $"{file.Length:x}-{file.LastWriteTimeUtc.Ticks:x}", file.LastWriteTimeUtc));
            if (page.Count == PageSize)
            {
                yield return page;
                page = new List<StorageObject>(PageSize);
            }
        }
        if (page.Count > 0)
            yield return page;
        await Task.CompletedTask;
    }

    public Task<Stream> OpenReadAsync(StoragePath path, CancellationToken cancellationToken = default)
    {
        var file = Resolve(path);
        if (!File.Exists(file))
            throw new StorageException(StorageFailure.NotFound, $"{path} does not exist.");
        return Task.FromResult<Stream>(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true));
    }

    public Task WriteAsync(StoragePath path, Stream content, string? contentType = null, CancellationToken cancellationToken = default) =>
        throw new StorageException(StorageFailure.NoPermission, "Uploaded files are added through the project's dataset page.");

    public Task DeleteAsync(IReadOnlyCollection<StoragePath> paths, CancellationToken cancellationToken = default) =>
        throw new StorageException(StorageFailure.NoPermission, "Uploaded files are not deleted through storage.");

    public Task<Uri?> GetBrowserUrlAsync(StoragePath path, TimeSpan validFor, CancellationToken cancellationToken = default) => Task.FromResult<Uri?>(null);

    public Task<ConnectionTestResult> TestConnectionAsync(StoragePath location, CancellationToken cancellationToken = default) =>
        Task.FromResult(ConnectionTestResult.Success("Uploads are stored by Labelit."));

    public void Dispose()
    {
    }

    // upload://project-<id>/<file>: one folder per project, files directly inside it.
    private string Resolve(StoragePath path)
    {
        if (path.Scheme != UploadedFiles.Scheme || !path.Bucket.StartsWith("project-", StringComparison.Ordinal)
            || !long.TryParse(path.Bucket["project-".Length..], out _)
            || path.Key.Contains('/') || path.Key.Contains('\\') || path.Key is "." or "..")
            throw new StorageException(StorageFailure.InvalidLocation, $"{path} is not an uploaded file's location.");
        var full = Path.GetFullPath(Path.Combine(root, path.Bucket, path.Key));
        if (!full.StartsWith(Path.GetFullPath(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new StorageException(StorageFailure.InvalidLocation, $"{path} is outside the uploads folder.");
        return full;
    }
}
