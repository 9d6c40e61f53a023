using Google.Cloud.Storage.V1;

namespace Labelit.Plugins.Gcs;

/// <summary>V4 signed download URLs, signed locally with the service account's key by <see cref="UrlSigner"/>.</summary>
internal static class GcsSignedUrls
{
    // GCS refuses V4 signed URLs valid for longer than seven days.
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(7);

    public static Uri Create(GcsConnection connection, UrlSigner signer, StoragePath path, TimeSpan validFor)
    {
        var options = UrlSigner.Options.FromDuration(validFor > MaxLifetime ? MaxLifetime : validFor)
            .WithSigningVersion(SigningVersion.V4);
        if (connection.HasCustomEndpoint)
        {
            // The URL must point where the connection does, or a browser would be sent to Google instead.
            // The port goes into the host, not WithPort: the signer leaves WithPort's port out of the signed
            // host header, while the store checks the Host header the browser sends, port included.
            options = options.WithScheme(connection.Endpoint.Scheme).WithHost(connection.Endpoint.Authority);
        }

        return new Uri(signer.Sign(UrlSigner.RequestTemplate.FromBucket(path.Bucket).WithObjectName(path.Key), options));
    }
}
