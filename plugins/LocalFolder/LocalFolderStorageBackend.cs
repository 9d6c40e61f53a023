using System.Runtime.CompilerServices;

namespace Labelit.Plugins.LocalFolder;

/// <summary>Files under the allowed folders. Symbolic links leading outside them are neither listed nor opened.</summary>
internal sealed class LocalFolderStorageBackend(AllowedRoots roots) : IStorageBackend
{
    private const int PageSize = 1000;

    public async IAsyncEnumerable<IReadOnlyList<StorageObject>> ListAsync(
        StoragePath prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var resolved = roots.Resolve(prefix);
        if (Directory.Exists(resolved) && !resolved.EndsWith('/'))
        {
            resolved += "/";
            prefix = prefix.WithKey(prefix.Key + "/");
        }

        var directory = resolved.EndsWith('/') ? resolved : Path.GetDirectoryName(resolved)! + "/";
        if (!Directory.Exists(directory))
        {
            yield break;
        }

        var page = new List<StorageObject>(PageSize);
        foreach (var file in Walk(new DirectoryInfo(directory)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A partial name (file:///data/img) walks the parent folder, which may hold more than the allowed root.
            if (!file.FullName.StartsWith(resolved, StringComparison.Ordinal) || !roots.IsAllowed(file.FullName))
            {
                continue;
            }

            page.Add(Describe(prefix, resolved, file));
            if (page.Count == PageSize)
            {
                yield return page;
                page = new List<StorageObject>(PageSize);
                await Task.Yield();
            }
        }

        if (page.Count > 0)
        {
            yield return page;
        }
    }

    public Task<Stream> OpenReadAsync(StoragePath path, CancellationToken cancellationToken = default)
    {
        var file = roots.Resolve(path);
        return Task.FromResult(Guard<Stream>(path, () =>
            new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true)));
    }

    public async Task WriteAsync(StoragePath path, Stream content, string? contentType = null, CancellationToken cancellationToken = default)
    {
        var file = roots.Resolve(path);
        // Written beside the target, then renamed: readers never see half a file.
        var temporary = $"{file}.{Guid.NewGuid():N}.tmp";
        try
        {
            Guard(path, () => Directory.CreateDirectory(Path.GetDirectoryName(file)!));
            await using (var target = Guard(path, () => new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true)))
            {
                await content.CopyToAsync(target, cancellationToken);
            }

            File.Move(temporary, file, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public Task DeleteAsync(IReadOnlyCollection<StoragePath> paths, CancellationToken cancellationToken = default)
    {
        foreach (var path in paths)
        {
            var file = roots.Resolve(path);
            Guard(path, () => { File.Delete(file); return true; });
        }

        return Task.CompletedTask;
    }

    // Browsers cannot reach the server's disk; Labelit serves these files through its own media endpoint.
    public Task<Uri?> GetBrowserUrlAsync(StoragePath path, TimeSpan validFor, CancellationToken cancellationToken = default) =>
        Task.FromResult<Uri?>(null);

    public Task<ConnectionTestResult> TestConnectionAsync(StoragePath location, CancellationToken cancellationToken = default)
    {
        try
        {
            var resolved = roots.Resolve(location);
            var directory = resolved.EndsWith('/') ? resolved : Path.GetDirectoryName(resolved)!;
            if (!Directory.Exists(directory))
            {
                throw new StorageException(StorageFailure.MissingBucket, $"Folder {directory} does not exist.");
            }

            Guard(location, () => Directory.EnumerateFileSystemEntries(directory).Take(1).ToList());
            return Task.FromResult(ConnectionTestResult.Success($"Folder {directory} can be read."));
        }
        catch (StorageException e)
        {
            return Task.FromResult(ConnectionTestResult.From(e));
        }
    }

    public void Dispose()
    {
    }

    // Directory links are not descended into (no cycles, no escapes); file links only when their target is allowed.
    private IEnumerable<FileInfo> Walk(DirectoryInfo directory)
    {
        foreach (var entry in directory.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (entry is DirectoryInfo sub)
            {
                if (sub.LinkTarget is null)
                {
                    foreach (var file in Walk(sub))
                    {
                        yield return file;
                    }
                }
            }
            else if (entry is FileInfo file && (file.LinkTarget is null || roots.IsAllowed(AllowedRoots.RealPath(file.FullName))))
            {
                yield return file;
            }
        }
    }

    private static StorageObject Describe(StoragePath prefix, string resolvedPrefix, FileInfo file)
    {
        var key = prefix.Key + file.FullName[resolvedPrefix.Length..];
        var modified = new DateTimeOffset(file.LastWriteTimeUtc);
        var size = file.LinkTarget is null ? file.Length : new FileInfo(AllowedRoots.RealPath(file.FullName)).Length;
        return new StorageObject(prefix.WithKey(key), size, $"{size:x}-{modified.UtcTicks:x}", modified);
    }

    private static T Guard<T>(StoragePath path, Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new StorageException(StorageFailure.NotFound, $"{path} does not exist.", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new StorageException(StorageFailure.NoPermission, $"Labelit may not access {path} on disk: {e.Message}", e);
        }
    }
}
