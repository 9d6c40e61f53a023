using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;

namespace Labelit.Plugins.S3;

/// <summary>Turns AWS SDK exceptions into <see cref="StorageException"/>s an administrator can act on.</summary>
internal static class S3Errors
{
    public static StorageException Translate(Exception exception, StoragePath path, string endpoint) => exception switch
    {
        StorageException storage => storage,
        AmazonS3Exception s3 => FromService(s3, path, endpoint),
        AmazonServiceException service when IsUnreachable(service) => Unreachable(service, endpoint),
        HttpRequestException or SocketException or TimeoutException => Unreachable(exception, endpoint),
        AmazonClientException client when client.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase) =>
            new StorageException(StorageFailure.WrongCredentials,
                "No AWS credentials were found: give an access key id and secret key, or set up the default AWS " +
                "credential chain (environment variables, shared profile, instance role).", exception),
        _ => new StorageException(StorageFailure.Other, $"{endpoint} failed on {path}: {exception.Message}", exception),
    };

    private static StorageException FromService(AmazonS3Exception e, StoragePath path, string endpoint)
    {
        var bucket = path.Bucket;
        return e.ErrorCode switch
        {
            "NoSuchBucket" => new(StorageFailure.MissingBucket, $"Bucket '{bucket}' does not exist at {endpoint}.", e),
            "NoSuchKey" => new(StorageFailure.NotFound, $"{path} does not exist.", e),
            "InvalidAccessKeyId" => new(StorageFailure.WrongCredentials,
                $"{endpoint} does not know this access key id: check the credentials.", e),
            "SignatureDoesNotMatch" => new(StorageFailure.WrongCredentials,
                $"{endpoint} rejected the request signature: the secret key does not match the access key id.", e),
            "AccessDenied" or "AllAccessDisabled" => new(StorageFailure.NoPermission,
                $"Access to {path} was denied by {endpoint}: the credentials are valid but lack permission.", e),
            "InvalidBucketName" => new(StorageFailure.InvalidLocation, $"'{bucket}' is not a valid bucket name.", e),
            "PermanentRedirect" or "AuthorizationHeaderMalformed" or "IllegalLocationConstraintException" =>
                new(StorageFailure.InvalidSettings, $"Bucket '{bucket}' is in another region than the one configured: {e.Message}", e),
            _ when e.StatusCode == HttpStatusCode.NotFound && path.Key.Length > 0 =>
                new(StorageFailure.NotFound, $"{path} does not exist.", e),
            _ when e.StatusCode == HttpStatusCode.Forbidden => new(StorageFailure.NoPermission,
                $"Access to {path} was denied by {endpoint} ({e.ErrorCode}): {e.Message}", e),
            _ => new(StorageFailure.Other,
                $"{endpoint} answered {(int)e.StatusCode} {e.ErrorCode} on {path}: {e.Message}", e),
        };
    }

    private static bool IsUnreachable(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException or SocketException or TimeoutException or TaskCanceledException)
            {
                return true;
            }
        }

        return false;
    }

    private static StorageException Unreachable(Exception e, string endpoint)
    {
        var root = e;
        while (root.InnerException is not null)
        {
            root = root.InnerException;
        }

        return new StorageException(StorageFailure.UnreachableEndpoint,
            $"Cannot reach {endpoint} ({root.Message}): check the endpoint URL and that the server is running.", e);
    }
}
