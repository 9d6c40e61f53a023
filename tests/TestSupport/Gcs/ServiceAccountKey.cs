using System.Security.Cryptography;
using System.Text.Json;

namespace Labelit.TestSupport.Gcs;

/// <summary>A freshly generated service-account key file whose token endpoint is the fake server.</summary>
public sealed class ServiceAccountKey
{
    public const string ClientEmail = "labelit-test@labelit-test.iam.gserviceaccount.com";

    public RSA Key { get; } = RSA.Create(2048);

    public string ToJson(string tokenEndpoint) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["type"] = "service_account",
        ["project_id"] = "labelit-test",
        ["private_key_id"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(20)),
        ["private_key"] = Key.ExportPkcs8PrivateKeyPem() + "\n",
        ["client_email"] = ClientEmail,
        ["client_id"] = "1234567890",
        ["token_uri"] = tokenEndpoint,
    });
}
