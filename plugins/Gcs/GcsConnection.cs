using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;

namespace Labelit.Plugins.Gcs;

/// <summary>Endpoint, HTTP client and credentials of one GCS connection; credentials are resolved on first use.</summary>
internal sealed class GcsConnection : IDisposable
{
    private const string DefaultEndpoint = "https://storage.googleapis.com";
    private const string Scope = "https://www.googleapis.com/auth/devstorage.read_write";

    private readonly Lazy<Task<ITokenAccess>> tokenAccess;

    public GcsConnection(StorageSettings settings)
    {
        Endpoint = new Uri((string.IsNullOrWhiteSpace(settings.Endpoint) ? DefaultEndpoint : settings.Endpoint).TrimEnd('/') + "/");
        if (!string.IsNullOrWhiteSpace(settings.Secret))
        {
            ServiceAccount = CredentialFactory.FromJson<ServiceAccountCredential>(settings.Secret);
        }

        tokenAccess = new Lazy<Task<ITokenAccess>>(CreateTokenAccessAsync);
    }

    public Uri Endpoint { get; }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromMinutes(10) };

    /// <summary>The service account, when the connection has a key; it can sign URLs.</summary>
    public ServiceAccountCredential? ServiceAccount { get; }

    public async Task<string> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        try
        {
            var access = await tokenAccess.Value;
            return await access.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken);
        }
        catch (TokenResponseException e)
        {
            throw new StorageException(StorageFailure.WrongCredentials,
                $"Google refused the service account's credentials ({e.Error?.Error}: {e.Error?.ErrorDescription}): check the key.", e);
        }
        catch (InvalidOperationException e) when (ServiceAccount is null)
        {
            throw new StorageException(StorageFailure.WrongCredentials,
                "No Google credentials were found: paste a service-account JSON key, or set up application default credentials " +
                "(GOOGLE_APPLICATION_CREDENTIALS or the metadata server).", e);
        }
    }

    public void Dispose() => Http.Dispose();

    private async Task<ITokenAccess> CreateTokenAccessAsync() => ServiceAccount is not null
        ? ServiceAccount.ToGoogleCredential().CreateScoped(Scope)
        : (await GoogleCredential.GetApplicationDefaultAsync()).CreateScoped(Scope);
}
