using System.Text.RegularExpressions;

namespace Labelit.Plugins.S3;

/// <summary>
/// Amazon S3 and S3-compatible stores. Settings: <c>Endpoint</c> (custom service URL; none for AWS),
/// <c>Region</c>, <c>ForcePathStyle</c>, <c>AccessKeyId</c> + <c>Secret</c> (or neither for the
/// default AWS credential chain) and option <c>compatibilityMode=true</c> for gateways that reject
/// aws-chunked uploads and CRC32 checksums (OpenStack Swift, many S3 gateways).
/// </summary>
public sealed partial class S3StoragePlugin : IStoragePlugin
{
    /// <summary>Option key of the compatibility switch.</summary>
    public const string CompatibilityModeOption = "compatibilityMode";

    /// <inheritdoc />
    public string Kind => "s3";

    /// <inheritdoc />
    public string DisplayName => "Amazon S3 and S3-compatible";

    /// <inheritdoc />
    public IReadOnlyList<string> Schemes { get; } = ["s3"];

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(StorageSettings settings)
    {
        var problems = new List<string>();
        if (!string.IsNullOrWhiteSpace(settings.Endpoint)
            && !(Uri.TryCreate(settings.Endpoint, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https"))
        {
            problems.Add($"Endpoint '{settings.Endpoint}' must be an absolute http:// or https:// URL, e.g. http://minio.internal:9000.");
        }

        if (string.IsNullOrWhiteSpace(settings.Endpoint) && string.IsNullOrWhiteSpace(settings.Region))
        {
            problems.Add("Region is required for AWS S3 (e.g. eu-west-1); or give the Endpoint of an S3-compatible server.");
        }

        if (!string.IsNullOrWhiteSpace(settings.Region) && !RegionPattern().IsMatch(settings.Region))
        {
            problems.Add($"Region '{settings.Region}' is not a region name such as eu-west-1.");
        }

        if (string.IsNullOrWhiteSpace(settings.AccessKeyId) != string.IsNullOrEmpty(settings.Secret))
        {
            problems.Add("Give both an access key id and a secret key, or neither to use the default AWS credential chain.");
        }

        foreach (var (key, value) in settings.Options)
        {
            if (key != CompatibilityModeOption)
            {
                problems.Add($"Unknown S3 option '{key}'; the only option is {CompatibilityModeOption}.");
            }
            else if (!bool.TryParse(value, out _))
            {
                problems.Add($"Option {CompatibilityModeOption} must be true or false, not '{value}'.");
            }
        }

        return problems;
    }

    /// <inheritdoc />
    public IStorageBackend CreateBackend(StorageSettings settings, StorageEnvironment environment)
    {
        var problems = Validate(settings);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(settings));
        }

        return new S3StorageBackend(S3Connection.From(settings));
    }

    [GeneratedRegex("^[a-z]{2}(-[a-z0-9]+)+$|^us-east-1$")]
    private static partial Regex RegionPattern();
}
