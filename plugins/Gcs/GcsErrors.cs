using System.Net;
using Google;
using Google.Apis.Auth.OAuth2.Responses;

namespace Labelit.Plugins.Gcs;

/// <summary>Turns what StorageClient throws into <see cref="StorageException"/>s an administrator can act on.</summary>
internal static class GcsErrors
{
    /// <summary>Runs one StorageClient call for <paramref name="path"/>; <paramref name="bucketLevel"/> says whether a 404 means the bucket is missing.</summary>
    public static async Task<T> RunAsync<T>(GcsConnection connection, StoragePath path, bool bucketLevel, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (Translate(e, connection, path, bucketLevel, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    public static async Task RunAsync(GcsConnection connection, StoragePath path, bool bucketLevel, Func<Task> call, CancellationToken cancellationToken) =>
        await RunAsync(connection, path, bucketLevel, async () =>
        {
            await call();
            return true;
        }, cancellationToken);

    /// <summary>The StorageException for <paramref name="exception"/>, or null when it is not a storage failure (the caller cancelled, a bug).</summary>
    public static StorageException? Translate(Exception exception, GcsConnection connection, StoragePath path, bool bucketLevel, CancellationToken cancellationToken) =>
        exception switch
        {
            StorageException e => e,
            // The client signs its own JWTs with the key when it may, so a key Google does not trust shows up as a 401 here ...
            GoogleApiException { HttpStatusCode: HttpStatusCode.Unauthorized } e when connection.ServiceAccount is not null =>
                RefusedKey(e.Error?.Message ?? e.Message, e),
            GoogleApiException e => FromStatus(e.HttpStatusCode, e.Error?.Message ?? e.Message, path, bucketLevel, e),
            // ... and as a refused token request when it exchanges the key for an access token.
            TokenResponseException e => RefusedKey($"{e.Error?.Error}: {e.Error?.ErrorDescription}", e),
            HttpRequestException or TaskCanceledException when !cancellationToken.IsCancellationRequested =>
                new(StorageFailure.UnreachableEndpoint,
                    $"Cannot reach {connection.Endpoint} ({exception.Message}): check the endpoint URL and the network.", exception),
            // A transfer cut off half-way, or bytes whose CRC32C differs from the one GCS keeps for the object.
            IOException e when !cancellationToken.IsCancellationRequested =>
                new(StorageFailure.Other, $"Transferring {path} failed: {e.Message}", e),
            _ => null,
        };

    private static StorageException RefusedKey(string reason, Exception inner) =>
        new(StorageFailure.WrongCredentials, $"Google refused the service account's credentials ({reason}): check the key.", inner);

    private static StorageException FromStatus(HttpStatusCode status, string message, StoragePath path, bool bucketLevel, Exception inner) => status switch
    {
        HttpStatusCode.Unauthorized => new(StorageFailure.WrongCredentials,
            $"Google Cloud Storage rejected the credentials: {message}", inner),
        HttpStatusCode.Forbidden => new(StorageFailure.NoPermission,
            $"Access to {path} was denied: the service account lacks permission ({message}).", inner),
        HttpStatusCode.NotFound when bucketLevel => new(StorageFailure.MissingBucket,
            $"Bucket '{path.Bucket}' does not exist.", inner),
        HttpStatusCode.NotFound => new(StorageFailure.NotFound, $"{path} does not exist.", inner),
        _ => new(StorageFailure.Other, $"Google Cloud Storage answered {(int)status} on {path}: {message}", inner),
    };
}
