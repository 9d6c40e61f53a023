using System.Globalization;
using System.Runtime.CompilerServices;
using Google.Cloud.Storage.V1;

namespace Labelit.Plugins.Gcs;

/// <summary>One GCS connection through StorageClient: paged listing, streamed downloads, resumable uploads, deletes, V4 signed URLs.</summary>
internal sealed class GcsStorageBackend(GcsConnection connection) : IStorageBackend
{
    private const int DeleteConcurrency = 8;

    // Only what a StorageObject needs, so that a page of a large bucket stays small.
    private const string ListedFields = "items(name,size,generation,updated),nextPageToken";

    // The downloader hands bytes on a chunk at a time, and only once a whole chunk has arrived:
    // small chunks let a reader start at once and keep each open read's memory small.
    private static readonly DownloadObjectOptions StreamingDownload = new() { ChunkSize = 64 * 1024 };

    public async IAsyncEnumerable<IReadOnlyList<StorageObject>> ListAsync(
        StoragePath prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        RequireBucket(prefix);
        var client = await GetClientAsync(prefix, cancellationToken);
        var pages = client.ListObjectsAsync(prefix.Bucket, prefix.Key, new ListObjectsOptions { Fields = ListedFields })
            .AsRawResponses().GetAsyncEnumerator(cancellationToken);
        await using (pages)
        {
            while (await GcsErrors.RunAsync(connection, prefix, bucketLevel: true, () => pages.MoveNextAsync().AsTask(), cancellationToken))
            {
                var objects = (pages.Current.Items ?? [])
                    .Select(o => new StorageObject(prefix.WithKey(o.Name), (long)(o.Size ?? 0), o.Generation?.ToString(CultureInfo.InvariantCulture), o.UpdatedDateTimeOffset))
                    .ToList();
                if (objects.Count > 0)
                {
                    yield return objects;
                }
            }
        }
    }

    public async Task<Stream> OpenReadAsync(StoragePath path, CancellationToken cancellationToken = default)
    {
        RequireObject(path);
        var client = await GetClientAsync(path, cancellationToken);
        return await GcsDownloadStream.OpenAsync(
            (target, ct) => client.DownloadObjectAsync(path.Bucket, path.Key, target, StreamingDownload, ct),
            e => GcsErrors.Translate(e, connection, path, bucketLevel: false, cancellationToken) ?? e,
            cancellationToken);
    }

    public async Task WriteAsync(StoragePath path, Stream content, string? contentType = null, CancellationToken cancellationToken = default)
    {
        RequireObject(path);
        var client = await GetClientAsync(path, cancellationToken);
        // A resumable upload, sent in chunks it buffers itself, so the content need not be seekable nor its length known.
        await GcsErrors.RunAsync(connection, path, bucketLevel: true,
            () => client.UploadObjectAsync(path.Bucket, path.Key, contentType, content, options: null, cancellationToken), cancellationToken);
    }

    public async Task DeleteAsync(IReadOnlyCollection<StoragePath> paths, CancellationToken cancellationToken = default)
    {
        foreach (var path in paths)
        {
            RequireObject(path);
        }

        if (paths.Count == 0)
        {
            return;
        }

        var client = await GetClientAsync(paths.First(), cancellationToken);
        await Parallel.ForEachAsync(paths,
            new ParallelOptions { MaxDegreeOfParallelism = DeleteConcurrency, CancellationToken = cancellationToken },
            async (path, ct) =>
            {
                try
                {
                    await GcsErrors.RunAsync(connection, path, bucketLevel: false, () => client.DeleteObjectAsync(path.Bucket, path.Key, options: null, ct), ct);
                }
                catch (StorageException e) when (e.Failure == StorageFailure.NotFound)
                {
                    // Already gone is what the caller wanted.
                }
            });
    }

    public Task<Uri?> GetBrowserUrlAsync(StoragePath path, TimeSpan validFor, CancellationToken cancellationToken = default)
    {
        RequireObject(path);
        // Without a key there is nothing to sign with; Labelit then serves media through its own endpoint.
        return Task.FromResult(connection.UrlSigner is { } signer ? GcsSignedUrls.Create(connection, signer, path, validFor) : null);
    }

    public async Task<ConnectionTestResult> TestConnectionAsync(StoragePath location, CancellationToken cancellationToken = default)
    {
        try
        {
            RequireBucket(location);
            var client = await GetClientAsync(location, cancellationToken);
            var options = new ListObjectsOptions { PageSize = 1, Fields = "nextPageToken" };
            await GcsErrors.RunAsync(connection, location, bucketLevel: true,
                async () => await client.ListObjectsAsync(location.Bucket, location.Key, options).AsRawResponses().FirstOrDefaultAsync(cancellationToken),
                cancellationToken);
            return ConnectionTestResult.Success($"Connected to {connection.Endpoint}: {location} can be listed.");
        }
        catch (StorageException e)
        {
            return ConnectionTestResult.From(e);
        }
    }

    public void Dispose() => connection.Dispose();

    private Task<StorageClient> GetClientAsync(StoragePath path, CancellationToken cancellationToken) =>
        GcsErrors.RunAsync(connection, path, bucketLevel: false, connection.GetClientAsync, cancellationToken);

    private static void RequireBucket(StoragePath path)
    {
        if (path.Scheme != "gs" || string.IsNullOrEmpty(path.Bucket))
        {
            throw new StorageException(StorageFailure.InvalidLocation, $"'{path}' is not a Google Cloud Storage location: expected gs://bucket/prefix.");
        }
    }

    private static void RequireObject(StoragePath path)
    {
        RequireBucket(path);
        if (path.Key.Length == 0 || path.Key.EndsWith('/'))
        {
            throw new StorageException(StorageFailure.InvalidLocation, $"'{path}' names no object: expected gs://bucket/name.");
        }
    }
}
