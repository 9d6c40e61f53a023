using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Labelit.Plugins.S3;

/// <summary>A client built from validated settings, plus what error messages and presigned URLs need to know.</summary>
internal sealed record S3Connection(IAmazonS3 Client, string EndpointDescription, bool UsesHttp, bool CompatibilityMode)
{
    // Signing region of custom endpoints that were given none: what S3-compatible servers expect.
    private const string DefaultCustomEndpointRegion = "us-east-1";

    public static S3Connection From(StorageSettings settings)
    {
        var compatibilityMode = settings.Options.TryGetValue(S3StoragePlugin.CompatibilityModeOption, out var value)
                                && bool.Parse(value);
        var config = new AmazonS3Config
        {
            ForcePathStyle = settings.ForcePathStyle,
            // The SDK retries 4 times by default with back-off: too slow for a "test connection" button.
            MaxErrorRetry = 2,
        };

        var region = string.IsNullOrWhiteSpace(settings.Region) ? null : settings.Region;
        string description;
        var usesHttp = false;
        if (!string.IsNullOrWhiteSpace(settings.Endpoint))
        {
            config.ServiceURL = settings.Endpoint;
            config.AuthenticationRegion = region ?? DefaultCustomEndpointRegion;
            description = settings.Endpoint;
            usesHttp = new Uri(settings.Endpoint).Scheme == Uri.UriSchemeHttp;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
            description = $"AWS S3 ({region})";
        }

        if (compatibilityMode)
        {
            // Checksums only where the API demands them, so no aws-chunked trailers the gateway cannot parse.
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }

        var client = string.IsNullOrWhiteSpace(settings.AccessKeyId)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(settings.AccessKeyId, settings.Secret), config);
        return new S3Connection(client, description, usesHttp, compatibilityMode);
    }
}
