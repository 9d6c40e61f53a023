using Google.Apis.Auth.OAuth2;
using Google.Cloud.Storage.V1;

namespace Labelit.Plugins.Gcs;

/// <summary>
/// The <see cref="StorageClient"/> of one GCS connection and its service account. The client is built
/// on first use, because application default credentials are looked up then and CreateBackend must not
/// touch the network or the machine's credentials.
/// </summary>
internal sealed class GcsConnection : IDisposable
{
    private static readonly Uri DefaultEndpoint = new("https://storage.googleapis.com/");

    private readonly string? customEndpoint;
    private readonly Lazy<Task<StorageClient>> client;

    public GcsConnection(StorageSettings settings)
    {
        customEndpoint = string.IsNullOrWhiteSpace(settings.Endpoint) ? null : settings.Endpoint.TrimEnd('/') + "/";
        Endpoint = customEndpoint is null ? DefaultEndpoint : new Uri(customEndpoint);
        if (!string.IsNullOrWhiteSpace(settings.Secret))
        {
            ServiceAccount = CredentialFactory.FromJson<ServiceAccountCredential>(settings.Secret);
        }

        client = new Lazy<Task<StorageClient>>(BuildClientAsync);
        UrlSigner = ServiceAccount is null ? null : UrlSigner.FromCredential(ServiceAccount);
    }

    public Uri Endpoint { get; }

    /// <summary>True when the connection names its own endpoint (a private endpoint, or a test double).</summary>
    public bool HasCustomEndpoint => customEndpoint is not null;

    /// <summary>The service account, when the connection has a key; it can sign URLs.</summary>
    public ServiceAccountCredential? ServiceAccount { get; }

    /// <summary>Signs URLs locally with the service account's key; null without a key.</summary>
    public UrlSigner? UrlSigner { get; }

    public Task<StorageClient> GetClientAsync() => client.Value;

    public void Dispose()
    {
        if (client.IsValueCreated && client.Value.IsCompletedSuccessfully)
        {
            client.Value.Result.Dispose();
        }
    }

    private async Task<StorageClient> BuildClientAsync()
    {
        var builder = new StorageClientBuilder();
        if (customEndpoint is not null)
        {
            // The JSON API lives under storage/v1/; the library derives the upload and download URLs from this.
            builder.BaseUri = customEndpoint + "storage/v1/";
        }

        if (ServiceAccount is not null)
        {
            builder.GoogleCredential = ServiceAccount.ToGoogleCredential();
            return await builder.BuildAsync();
        }

        try
        {
            return await builder.BuildAsync();
        }
        catch (InvalidOperationException e)
        {
            // The builder looks for application default credentials and finds none.
            throw new StorageException(StorageFailure.WrongCredentials,
                "No Google credentials were found: paste a service-account JSON key, or set up application default credentials " +
                "(GOOGLE_APPLICATION_CREDENTIALS or the metadata server).", e);
        }
    }
}
