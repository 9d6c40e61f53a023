using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;

namespace Labelit.Plugins.S3;

/// <summary>One S3 connection. Thread-safe, as the AWS client is.</summary>
internal sealed class S3StorageBackend(S3Connection connection) : IStorageBackend
{
    // DeleteObjects takes at most 1,000 keys per request.
    private const int DeleteBatchSize = 1000;
    private const int SingleDeleteConcurrency = 8;

    private readonly IAmazonS3 client = connection.Client;
    private readonly S3Uploader uploader = new(connection);

    // Set once a server has refused DeleteObjects (Swift wants Content-MD5, the SDK sends CRC32).
    private volatile bool multiDeleteRefused;

    public async IAsyncEnumerable<IReadOnlyList<StorageObject>> ListAsync(
        StoragePath prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        RequireBucket(prefix);
        var request = new ListObjectsV2Request { BucketName = prefix.Bucket, Prefix = prefix.Key };
        do
        {
            var response = await Call(prefix, () => client.ListObjectsV2Async(request, cancellationToken));
            var page = (response.S3Objects ?? [])
                .Select(o => new StorageObject(prefix.WithKey(o.Key), o.Size ?? 0, o.ETag?.Trim('"'), ToOffset(o.LastModified)))
                .ToList();
            if (page.Count > 0)
            {
                yield return page;
            }

            request.ContinuationToken = response.IsTruncated == true
                ? response.NextContinuationToken ?? throw new StorageException(StorageFailure.Other,
                    $"{connection.EndpointDescription} said the listing of {prefix} goes on but gave no continuation token.")
                : null;
        }
        while (request.ContinuationToken is not null);
    }

    public async Task<Stream> OpenReadAsync(StoragePath path, CancellationToken cancellationToken = default)
    {
        RequireObject(path);
        var response = await Call(path, () => client.GetObjectAsync(path.Bucket, path.Key, cancellationToken));
        return response.ResponseStream;
    }

    public Task WriteAsync(StoragePath path, Stream content, string? contentType = null, CancellationToken cancellationToken = default)
    {
        RequireObject(path);
        return Call(path, () => uploader.UploadAsync(path, content, contentType, cancellationToken));
    }

    public async Task DeleteAsync(IReadOnlyCollection<StoragePath> paths, CancellationToken cancellationToken = default)
    {
        foreach (var path in paths)
        {
            RequireObject(path);
        }

        foreach (var bucket in paths.GroupBy(p => p.Bucket))
        {
            foreach (var batch in bucket.Chunk(DeleteBatchSize))
            {
                if (!multiDeleteRefused && await TryDeleteManyAsync(batch, cancellationToken))
                {
                    continue;
                }

                await Parallel.ForEachAsync(batch,
                    new ParallelOptions { MaxDegreeOfParallelism = SingleDeleteConcurrency, CancellationToken = cancellationToken },
                    async (path, ct) => await Call(path, () => client.DeleteObjectAsync(path.Bucket, path.Key, ct)));
            }
        }
    }

    public async Task<Uri?> GetBrowserUrlAsync(StoragePath path, TimeSpan validFor, CancellationToken cancellationToken = default)
    {
        RequireObject(path);
        var request = new GetPreSignedUrlRequest
        {
            BucketName = path.Bucket,
            Key = path.Key,
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow.Add(validFor),
            // The SDK defaults to https even for an http endpoint, which would give a dead link.
            Protocol = connection.UsesHttp ? Protocol.HTTP : Protocol.HTTPS,
        };
        return new Uri(await Call(path, () => client.GetPreSignedURLAsync(request)));
    }

    public async Task<ConnectionTestResult> TestConnectionAsync(StoragePath location, CancellationToken cancellationToken = default)
    {
        try
        {
            RequireBucket(location);
            var request = new ListObjectsV2Request { BucketName = location.Bucket, Prefix = location.Key, MaxKeys = 1 };
            await Call(location, () => client.ListObjectsV2Async(request, cancellationToken));
            return ConnectionTestResult.Success($"Connected to {connection.EndpointDescription}: {location} can be listed.");
        }
        catch (StorageException e)
        {
            return ConnectionTestResult.From(e);
        }
    }

    public void Dispose() => client.Dispose();

    private async Task<bool> TryDeleteManyAsync(StoragePath[] batch, CancellationToken cancellationToken)
    {
        var request = new DeleteObjectsRequest
        {
            BucketName = batch[0].Bucket,
            Objects = batch.Select(p => new KeyVersion { Key = p.Key }).ToList(),
            Quiet = true,
        };
        try
        {
            var response = await client.DeleteObjectsAsync(request, cancellationToken);
            if (response.DeleteErrors is { Count: > 0 } errors)
            {
                var first = errors[0];
                throw new StorageException(StorageFailure.Other,
                    $"{errors.Count} object(s) could not be deleted, e.g. {batch[0].WithKey(first.Key)}: {first.Code} {first.Message}");
            }

            return true;
        }
        catch (AmazonS3Exception e) when (S3Errors.Translate(e, batch[0], connection.EndpointDescription).Failure == StorageFailure.Other)
        {
            // Not a credentials, permission or bucket problem: the server does not take this request; delete one by one.
            multiDeleteRefused = true;
            return false;
        }
        catch (Exception e) when (e is not StorageException and not OperationCanceledException)
        {
            throw S3Errors.Translate(e, batch[0], connection.EndpointDescription);
        }
    }

    private async Task<T> Call<T>(StoragePath path, Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception e) when (e is not OperationCanceledException || e.InnerException is TimeoutException)
        {
            throw S3Errors.Translate(e, path, connection.EndpointDescription);
        }
    }

    private async Task Call(StoragePath path, Func<Task> operation) =>
        await Call(path, async () => { await operation(); return true; });

    private static DateTimeOffset? ToOffset(DateTime? time) => time is { } t ? new DateTimeOffset(t.ToUniversalTime()) : null;

    private static void RequireBucket(StoragePath path)
    {
        if (path.Scheme != "s3" || string.IsNullOrEmpty(path.Bucket))
        {
            throw new StorageException(StorageFailure.InvalidLocation,
                $"'{path}' is not an S3 location: expected s3://bucket/prefix.");
        }
    }

    private static void RequireObject(StoragePath path)
    {
        RequireBucket(path);
        if (path.Key.Length == 0 || path.Key.EndsWith('/'))
        {
            throw new StorageException(StorageFailure.InvalidLocation, $"'{path}' names no object: expected s3://bucket/key.");
        }
    }
}
