using System.Net;
using System.Text.Json;

namespace Labelit.Plugins.Gcs;

/// <summary>Turns JSON API error responses into <see cref="StorageException"/>s.</summary>
internal static class GcsErrors
{
    public static StorageException Translate(HttpStatusCode status, string body, StoragePath path, bool bucketLevel)
    {
        var message = ErrorMessage(body);
        return status switch
        {
            HttpStatusCode.Unauthorized => new(StorageFailure.WrongCredentials,
                $"Google Cloud Storage rejected the credentials: {message}"),
            HttpStatusCode.Forbidden => new(StorageFailure.NoPermission,
                $"Access to {path} was denied: the service account lacks permission ({message})."),
            HttpStatusCode.NotFound when bucketLevel => new(StorageFailure.MissingBucket,
                $"Bucket '{path.Bucket}' does not exist."),
            HttpStatusCode.NotFound => new(StorageFailure.NotFound, $"{path} does not exist."),
            _ => new(StorageFailure.Other, $"Google Cloud Storage answered {(int)status} on {path}: {message}"),
        };
    }

    // Error bodies look like {"error": {"code": 404, "message": "..."}}.
    private static string ErrorMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty("message", out var message))
            {
                return message.GetString() ?? body;
            }
        }
        catch (JsonException)
        {
        }

        return body.Length > 300 ? body[..300] : body;
    }
}
