using System.Text.Json;

namespace Labelit.Plugins.Gcs;

/// <summary>
/// Google Cloud Storage through Google.Cloud.Storage.V1. Settings: <c>Secret</c> = a service-account
/// JSON key (or empty for application default credentials); <c>Endpoint</c> only to reach another host
/// than https://storage.googleapis.com (a private endpoint, or a test double).
/// </summary>
public sealed class GcsStoragePlugin : IStoragePlugin
{
    /// <inheritdoc />
    public string Kind => "gcs";

    /// <inheritdoc />
    public string DisplayName => "Google Cloud Storage";

    /// <inheritdoc />
    public IReadOnlyList<string> Schemes { get; } = ["gs"];

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(StorageSettings settings)
    {
        var problems = new List<string>();
        if (!string.IsNullOrWhiteSpace(settings.Endpoint) && EndpointProblem(settings.Endpoint) is { } endpointProblem)
        {
            problems.Add(endpointProblem);
        }

        if (!string.IsNullOrWhiteSpace(settings.AccessKeyId))
        {
            problems.Add("Google Cloud Storage takes no access key id: paste the service-account JSON key as the secret.");
        }

        if (!string.IsNullOrWhiteSpace(settings.Secret) && !IsServiceAccountKey(settings.Secret))
        {
            problems.Add("The secret must be a service-account JSON key (\"type\": \"service_account\" with client_email and private_key), or empty to use application default credentials.");
        }

        problems.AddRange(settings.Options.Keys.Select(key => $"Unknown Google Cloud Storage option '{key}'; it has no options."));
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

        return new GcsStorageBackend(new GcsConnection(settings));
    }

    private static string? EndpointProblem(string value)
    {
        if (!(Uri.TryCreate(value, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https"))
        {
            return $"Endpoint '{value}' must be an absolute http:// or https:// URL, or empty for https://storage.googleapis.com.";
        }

        // The client library puts /storage/v1/ and /upload/storage/v1/ at the root of the host itself.
        return endpoint.AbsolutePath != "/" || endpoint.Query.Length > 0
            ? $"Endpoint '{value}' must name only the host (like https://storage.example.internal), without a path."
            : null;
    }

    private static bool IsServiceAccountKey(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                   && root.TryGetProperty("type", out var type) && type.GetString() == "service_account"
                   && root.TryGetProperty("client_email", out _) && root.TryGetProperty("private_key", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
