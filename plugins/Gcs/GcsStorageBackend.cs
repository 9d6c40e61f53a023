using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Labelit.Plugins.Gcs;

/// <summary>One GCS connection over the JSON API: objects.list (pageToken), media download, multipart upload, delete.</summary>
internal sealed class GcsStorageBackend(GcsConnection connection) : IStorageBackend
{
    private const int DeleteConcurrency = 8;

    public async IAsyncEnumerable<IReadOnlyList<StorageObject>> ListAsync(
        StoragePath prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        RequireBucket(prefix);
        string? pageToken = null;
        do
        {
            var url = $"storage/v1/b/{Escape(prefix.Bucket)}/o?prefix={Escape(prefix.Key)}" +
                      "&fields=items(name,size,generation,updated),nextPageToken" +
                      (pageToken is null ? "" : $"&pageToken={Escape(pageToken)}");
            using var response = await SendAsync(prefix, () => new HttpRequestMessage(HttpMethod.Get, url), bucketLevel: true, cancellationToken);
            var page = await JsonSerializer.DeserializeAsync(
                await response.Content.ReadAsStreamAsync(cancellationToken), GcsJson.Default.ObjectsPage, cancellationToken);
            var objects = (page?.Items ?? [])
                .Select(o => new StorageObject(prefix.WithKey(o.Name), long.Parse(o.Size ?? "0"), o.Generation, o.Updated))
                .ToList();
            if (objects.Count > 0)
            {
                yield return objects;
            }

            pageToken = string.IsNullOrEmpty(page?.NextPageToken) ? null : page.NextPageToken;
        }
        while (pageToken is not null);
    }

    public async Task<Stream> OpenReadAsync(StoragePath path, CancellationToken cancellationToken = default)
    {
        RequireObject(path);
        var response = await SendAsync(path,
            () => new HttpRequestMessage(HttpMethod.Get, $"storage/v1/b/{Escape(path.Bucket)}/o/{Escape(path.Key)}?alt=media"),
            bucketLevel: false, cancellationToken, HttpCompletionOption.ResponseHeadersRead);
        return await response.Content.ReadAsStreamAsync(cancellationToken);
    }

    public async Task WriteAsync(StoragePath path, Stream content, string? contentType = null, CancellationToken cancellationToken = default)
    {
        RequireObject(path);
        // A request cannot be re-sent once the stream was read, so this is the single attempt.
        using var response = await SendAsync(path, () =>
        {
            var metadata = new StringContent(
                JsonSerializer.Serialize(new GcsObjectMetadata(path.Key, contentType), GcsJson.Default.GcsObjectMetadata));
            metadata.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "UTF-8" };
            var media = new StreamContent(content);
            media.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/octet-stream");
            return new HttpRequestMessage(HttpMethod.Post, $"upload/storage/v1/b/{Escape(path.Bucket)}/o?uploadType=multipart")
            {
                Content = new MultipartContent("related") { metadata, media },
            };
        }, bucketLevel: true, cancellationToken);
    }

    public async Task DeleteAsync(IReadOnlyCollection<StoragePath> paths, CancellationToken cancellationToken = default)
    {
        foreach (var path in paths)
        {
            RequireObject(path);
        }

        await Parallel.ForEachAsync(paths,
            new ParallelOptions { MaxDegreeOfParallelism = DeleteConcurrency, CancellationToken = cancellationToken },
            async (path, ct) =>
            {
                try
                {
                    using var _ = await SendAsync(path,
                        () => new HttpRequestMessage(HttpMethod.Delete, $"storage/v1/b/{Escape(path.Bucket)}/o/{Escape(path.Key)}"),
                        bucketLevel: false, ct);
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
        return Task.FromResult(connection.ServiceAccount is { } account
            ? GcsSignedUrl.Create(connection.Endpoint, account, path, validFor, DateTimeOffset.UtcNow)
            : null);
    }

    public async Task<ConnectionTestResult> TestConnectionAsync(StoragePath location, CancellationToken cancellationToken = default)
    {
        try
        {
            RequireBucket(location);
            var url = $"storage/v1/b/{Escape(location.Bucket)}/o?prefix={Escape(location.Key)}&maxResults=1&fields=nextPageToken";
            using var _ = await SendAsync(location, () => new HttpRequestMessage(HttpMethod.Get, url), bucketLevel: true, cancellationToken);
            return ConnectionTestResult.Success($"Connected to {connection.Endpoint}: {location} can be listed.");
        }
        catch (StorageException e)
        {
            return ConnectionTestResult.From(e);
        }
    }

    public void Dispose() => connection.Dispose();

    private async Task<HttpResponseMessage> SendAsync(
        StoragePath path, Func<HttpRequestMessage> createRequest, bool bucketLevel, CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var token = await connection.GetAccessTokenAsync(cancellationToken);
        using var request = createRequest();
        request.RequestUri = new Uri(connection.Endpoint, request.RequestUri!);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await connection.Http.SendAsync(request, completion, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new StorageException(StorageFailure.UnreachableEndpoint,
                $"Cannot reach {connection.Endpoint} ({e.Message}): check the endpoint URL and the network.", e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw GcsErrors.Translate(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken), path, bucketLevel);
        }
    }

    private static string Escape(string value) => Uri.EscapeDataString(value);

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
