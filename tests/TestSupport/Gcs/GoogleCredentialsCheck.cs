using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Labelit.TestSupport.Gcs;

/// <summary>
/// What Google checks of a service account's credentials, against the one key the account trusts:
/// the OAuth token exchange (a JWT bearer grant at the key file's token_uri) and the self-signed JWTs
/// the client library sends instead of a token when it may (RS256, iss = sub = the account, a storage
/// or cloud-platform scope or the storage audience, not expired).
/// </summary>
internal sealed class GoogleCredentialsCheck(RSA trustedKey, string clientEmail)
{
    private readonly ConcurrentDictionary<string, byte> issuedTokens = new();

    /// <summary>POST /token: OAuth 2.0 JWT bearer grant.</summary>
    public async Task IssueTokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer" || !IsSignedByAccount(form["assertion"].ToString()))
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsJsonAsync(new { error = "invalid_grant", error_description = "Invalid JWT Signature." });
            return;
        }

        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        issuedTokens[token] = 0;
        await context.Response.WriteAsJsonAsync(new { access_token = token, expires_in = 3600, token_type = "Bearer" });
    }

    public bool IsAuthorized(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }

        var credential = header["Bearer ".Length..];
        return issuedTokens.ContainsKey(credential) || IsSignedByAccount(credential, forStorage: true);
    }

    private bool IsSignedByAccount(string jwt, bool forStorage = false)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        try
        {
            if (!trustedKey.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), WebEncoders.Base64UrlDecode(parts[2]),
                    HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                return false;
            }

            var claims = JsonNode.Parse(WebEncoders.Base64UrlDecode(parts[1]))!;
            var scopes = ((string?)claims["scope"] ?? "").Split(' ');
            return (string?)claims["iss"] == clientEmail
                   && (long)claims["exp"]! > DateTimeOffset.UtcNow.ToUnixTimeSeconds()
                   && (!forStorage || (string?)claims["sub"] == clientEmail
                       && (scopes.Any(s => s.StartsWith("https://www.googleapis.com/auth/devstorage.", StringComparison.Ordinal)
                                           || s == "https://www.googleapis.com/auth/cloud-platform")
                           || (string?)claims["aud"] == "https://storage.googleapis.com/"));
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
