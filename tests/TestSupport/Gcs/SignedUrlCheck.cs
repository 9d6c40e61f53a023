using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Labelit.TestSupport.Gcs;

/// <summary>
/// V4 signed URLs (GOOG4-RSA-SHA256) as GCS checks them: the canonical request is rebuilt from what
/// arrived (path, sorted query without the signature, the Host header the browser sent), hashed into
/// the string to sign, and the signature verified with the account's public key; then the expiry.
/// </summary>
internal static class SignedUrlCheck
{
    public static bool IsValid(HttpContext context, string rawPath, string rawQuery, RSA trustedKey)
    {
        try
        {
            var query = rawQuery.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
            var signature = Convert.FromHexString(query["X-Goog-Signature"]);
            var canonicalQuery = string.Join("&", query.Where(p => p.Key != "X-Goog-Signature")
                .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
            var canonicalRequest = $"{context.Request.Method}\n{rawPath}\n{canonicalQuery}\nhost:{context.Request.Host}\n\nhost\nUNSIGNED-PAYLOAD";
            var date = Uri.UnescapeDataString(query["X-Goog-Date"]);
            var scope = Uri.UnescapeDataString(query["X-Goog-Credential"]).Split('/', 2)[1];
            var stringToSign = $"GOOG4-RSA-SHA256\n{date}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
            var signedAt = DateTimeOffset.ParseExact(date, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            return trustedKey.VerifyData(Encoding.UTF8.GetBytes(stringToSign), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                   && signedAt.AddSeconds(int.Parse(query["X-Goog-Expires"], CultureInfo.InvariantCulture)) > DateTimeOffset.UtcNow;
        }
        catch (Exception e) when (e is FormatException or KeyNotFoundException or IndexOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>The XML API's refusal, which is what a signed URL's reader gets from GCS.</summary>
    public static async Task RefuseAsync(HttpContext context)
    {
        context.Response.StatusCode = 403;
        context.Response.ContentType = "application/xml; charset=UTF-8";
        await context.Response.WriteAsync(
            "<?xml version='1.0' encoding='UTF-8'?><Error><Code>SignatureDoesNotMatch</Code>" +
            "<Message>The request signature we calculated does not match the signature you provided. Check your Google secret key and signing method.</Message></Error>");
    }
}
