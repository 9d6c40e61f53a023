namespace Labelit.Plugins;

/// <summary>
/// How to reach a store: what an administrator enters for a storage connection. Each plugin says
/// which fields it uses through <see cref="IStoragePlugin.Validate"/>. <see cref="ToString"/> never
/// prints the secret.
/// </summary>
public sealed record StorageSettings
{
    /// <summary>Service URL of a custom endpoint, e.g. <c>http://minio.internal:9000</c>; null for the provider's default.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Region, e.g. <c>eu-west-1</c>; null for the plugin's default.</summary>
    public string? Region { get; init; }

    /// <summary>Address buckets as <c>endpoint/bucket</c> rather than <c>bucket.endpoint</c> (most S3-compatible servers need this).</summary>
    public bool ForcePathStyle { get; init; }

    /// <summary>Key id of static credentials (S3 access key id). Null to use the platform's default credential chain.</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>The secret part of the credentials (S3 secret key, GCS service-account JSON). Never logged or shown back.</summary>
    public string? Secret { get; init; }

    /// <summary>Plugin-specific switches, documented by each plugin (e.g. S3's <c>compatibilityMode</c>).</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>The settings with the secret redacted.</summary>
    public override string ToString() =>
        $"Endpoint = {Endpoint}, Region = {Region}, ForcePathStyle = {ForcePathStyle}, AccessKeyId = {AccessKeyId}, " +
        $"Secret = {(Secret is null ? "(none)" : "***")}, Options = {{{string.Join(", ", Options.Select(o => $"{o.Key}={o.Value}"))}}}";
}
