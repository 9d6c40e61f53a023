using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Google.Apis.Auth.OAuth2;

namespace Labelit.Plugins.Gcs;

/// <summary>V4 signed URLs (GOOG4-RSA-SHA256), signed locally with the service account's key.</summary>
internal static class GcsSignedUrl
{
    // GCS refuses signed URLs valid for longer than seven days.
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(7);

    public static Uri Create(Uri endpoint, ServiceAccountCredential account, StoragePath path, TimeSpan validFor, DateTimeOffset now)
    {
        var lifetime = validFor > MaxLifetime ? MaxLifetime : validFor;
        var date = now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var timestamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var scope = $"{date}/auto/storage/goog4_request";
        var host = endpoint.IsDefaultPort ? endpoint.Host : $"{endpoint.Host}:{endpoint.Port}";
        var resource = $"{endpoint.AbsolutePath.TrimEnd('/')}/{path.Bucket}/{EncodeObjectPath(path.Key)}";

        var query = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["X-Goog-Algorithm"] = "GOOG4-RSA-SHA256",
            ["X-Goog-Credential"] = $"{account.Id}/{scope}",
            ["X-Goog-Date"] = timestamp,
            ["X-Goog-Expires"] = ((int)lifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            ["X-Goog-SignedHeaders"] = "host",
        };
        var canonicalQuery = string.Join("&", query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        var canonicalRequest = $"GET\n{resource}\n{canonicalQuery}\nhost:{host}\n\nhost\nUNSIGNED-PAYLOAD";
        var stringToSign = $"GOOG4-RSA-SHA256\n{timestamp}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var signature = Convert.ToHexStringLower(Convert.FromBase64String(account.CreateSignature(Encoding.UTF8.GetBytes(stringToSign))));

        return new Uri($"{endpoint.Scheme}://{host}{resource}?{canonicalQuery}&X-Goog-Signature={signature}");
    }

    // Object names keep their slashes in URLs; everything else is percent-encoded.
    private static string EncodeObjectPath(string key) => string.Join("/", key.Split('/').Select(Uri.EscapeDataString));
}
