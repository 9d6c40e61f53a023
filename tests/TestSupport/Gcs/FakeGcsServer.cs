using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Labelit.TestSupport.Gcs;

/// <summary>
/// The subset of Google Cloud Storage the plugin uses, written from Google's public JSON API
/// reference: OAuth token exchange (JWT bearer, RS256 checked against the service account's key),
/// objects.list with pageToken, media download, media and multipart upload, delete, and V4 signed
/// URL downloads. It checks what the real service checks, so credential mistakes fail here too.
/// </summary>
public sealed class FakeGcsServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly RSA trustedKey;
    private readonly string clientEmail;
    private readonly ConcurrentDictionary<string, byte> issuedTokens = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, (byte[] Data, string ContentType, long Generation)>> buckets = new();
    private readonly ConcurrentDictionary<string, byte> deniedBuckets = new();
    private long generation = 1_700_000_000_000_000;

    private FakeGcsServer(WebApplication app, RSA trustedKey, string clientEmail)
    {
        this.app = app;
        this.trustedKey = trustedKey;
        this.clientEmail = clientEmail;
    }

    public string Endpoint { get; private set; } = "";

    public int PageSize { get; set; } = 1000;

    public static async Task<FakeGcsServer> StartAsync(RSA trustedKey, string clientEmail)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeGcsServer(app, trustedKey, clientEmail);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.Endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return server;
    }

    public void CreateBucket(string name) => buckets.TryAdd(name, new());

    /// <summary>A bucket the service account has no IAM role on: GCS answers 403 for it.</summary>
    public void CreateBucketWithoutAccess(string name)
    {
        CreateBucket(name);
        deniedBuckets.TryAdd(name, 0);
    }

    public void Put(string bucket, string name, byte[] data, string contentType = "application/octet-stream") =>
        buckets[bucket][name] = (data, contentType, Interlocked.Increment(ref generation));

    /// <summary>Deletes an object as another client of the bucket would; false when there was none.</summary>
    public bool Delete(string bucket, string name) => buckets.TryGetValue(bucket, out var objects) && objects.TryRemove(name, out _);

    public bool Exists(string bucket, string name) => buckets.TryGetValue(bucket, out var objects) && objects.ContainsKey(name);

    public string? ContentTypeOf(string bucket, string name) => buckets[bucket].TryGetValue(name, out var o) ? o.ContentType : null;

    public ValueTask DisposeAsync() => app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var rawPath = rawTarget.Split('?')[0];
        var segments = rawPath.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        var method = context.Request.Method;

        if (rawPath == "/token" && method == "POST")
        {
            await IssueTokenAsync(context);
        }
        else if (context.Request.Query.ContainsKey("X-Goog-Signature"))
        {
            await SignedDownloadAsync(context, rawPath, rawTarget);
        }
        else if (!Authorized(context))
        {
            await ErrorAsync(context, 401, "Invalid Credentials");
        }
        else if (BucketOf(segments) is { } denied && deniedBuckets.ContainsKey(denied))
        {
            await ErrorAsync(context, 403, $"{clientEmail} does not have storage.objects.list access to the Google Cloud Storage bucket.");
        }
        else if (segments is ["storage", "v1", "b", var bucket, "o"] && method == "GET")
        {
            await ListAsync(context, bucket);
        }
        else if (segments is ["storage", "v1", "b", var b, "o", var name] && method == "GET" && context.Request.Query["alt"] == "media")
        {
            await DownloadAsync(context, b, name);
        }
        else if (segments is ["storage", "v1", "b", var db, "o", var dname] && method == "DELETE")
        {
            await DeleteAsync(context, db, dname);
        }
        else if (segments is ["upload", "storage", "v1", "b", var ub, "o"] && method == "POST")
        {
            await UploadAsync(context, ub);
        }
        else
        {
            await ErrorAsync(context, 400, $"The fake does not implement {method} {rawPath}.");
        }
    }

    private async Task IssueTokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var parts = form["assertion"].ToString().Split('.');
        var valid = form["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer" && parts.Length == 3
            && trustedKey.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), WebEncoders.Base64UrlDecode(parts[2]),
                HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var claims = valid ? JsonNode.Parse(WebEncoders.Base64UrlDecode(parts[1]))! : null;
        if (claims is null || (string?)claims["iss"] != clientEmail || (long)claims["exp"]! < DateTimeOffset.UtcNow.ToUnixTimeSeconds())
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsJsonAsync(new { error = "invalid_grant", error_description = "Invalid JWT Signature." });
            return;
        }

        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        issuedTokens[token] = 0;
        await context.Response.WriteAsJsonAsync(new { access_token = token, expires_in = 3600, token_type = "Bearer" });
    }

    // storage/v1/b/{bucket}/... and upload/storage/v1/b/{bucket}/...
    private static string? BucketOf(string[] segments)
    {
        var at = Array.IndexOf(segments, "b");
        return at >= 0 && at + 1 < segments.Length ? segments[at + 1] : null;
    }

    private bool Authorized(HttpContext context) =>
        context.Request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal)
        && issuedTokens.ContainsKey(header["Bearer ".Length..]);

    private async Task ListAsync(HttpContext context, string bucket)
    {
        if (!buckets.TryGetValue(bucket, out var objects))
        {
            await ErrorAsync(context, 404, "The specified bucket does not exist.");
            return;
        }

        var prefix = context.Request.Query["prefix"].ToString();
        var after = context.Request.Query["pageToken"].ToString() is { Length: > 0 } token
            ? Encoding.UTF8.GetString(Convert.FromBase64String(token)) : null;
        var limit = int.TryParse(context.Request.Query["maxResults"], out var max) ? Math.Min(max, PageSize) : PageSize;
        var matching = objects.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Where(k => after is null || string.CompareOrdinal(k, after) > 0).Take(limit + 1).ToList();
        var page = matching.Take(limit).ToList();
        var items = page.Select(name => new
        {
            kind = "storage#object", name, bucket, size = objects[name].Data.Length.ToString(),
            generation = objects[name].Generation.ToString(), updated = DateTimeOffset.UtcNow.ToString("O"),
            contentType = objects[name].ContentType,
        });
        await context.Response.WriteAsJsonAsync(new
        {
            kind = "storage#objects",
            items = page.Count == 0 ? null : items,
            nextPageToken = matching.Count > limit ? Convert.ToBase64String(Encoding.UTF8.GetBytes(page[^1])) : null,
        });
    }

    private async Task DownloadAsync(HttpContext context, string bucket, string name)
    {
        if (!buckets.TryGetValue(bucket, out var objects) || !objects.TryGetValue(name, out var item))
        {
            await ErrorAsync(context, 404, "No such object.");
            return;
        }

        context.Response.ContentType = item.ContentType;
        await context.Response.Body.WriteAsync(item.Data);
    }

    private async Task DeleteAsync(HttpContext context, string bucket, string name)
    {
        if (!buckets.TryGetValue(bucket, out var objects) || !objects.TryRemove(name, out _))
        {
            await ErrorAsync(context, 404, "No such object.");
            return;
        }

        context.Response.StatusCode = 204;
    }

    private async Task UploadAsync(HttpContext context, string bucket)
    {
        if (!buckets.ContainsKey(bucket))
        {
            await ErrorAsync(context, 404, "The specified bucket does not exist.");
            return;
        }

        string name;
        byte[] data;
        string contentType;
        switch (context.Request.Query["uploadType"].ToString())
        {
            case "media":
                name = context.Request.Query["name"].ToString();
                data = await ReadAllAsync(context.Request.Body);
                contentType = context.Request.ContentType ?? "application/octet-stream";
                break;
            case "multipart":
                var boundary = Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(
                    Microsoft.Net.Http.Headers.MediaTypeHeaderValue.Parse(context.Request.ContentType).Boundary).Value!;
                var reader = new MultipartReader(boundary, context.Request.Body);
                var metadata = JsonNode.Parse(await ReadAllAsync((await reader.ReadNextSectionAsync())!.Body))!;
                var media = (await reader.ReadNextSectionAsync())!;
                name = (string)metadata["name"]!;
                contentType = (string?)metadata["contentType"] ?? media.ContentType ?? "application/octet-stream";
                data = await ReadAllAsync(media.Body);
                break;
            default:
                await ErrorAsync(context, 400, "uploadType must be media or multipart here.");
                return;
        }

        Put(bucket, name, data, contentType);
        await context.Response.WriteAsJsonAsync(new { kind = "storage#object", name, bucket, size = data.Length.ToString() });
    }

    // V4 signing: the canonical request is rebuilt from what arrived and checked against the account's public key.
    private async Task SignedDownloadAsync(HttpContext context, string rawPath, string rawTarget)
    {
        var query = rawTarget[(rawTarget.IndexOf('?') + 1)..].Split('&')
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var signature = Convert.FromHexString(query["X-Goog-Signature"]);
        var canonicalQuery = string.Join("&", query.Where(p => p.Key != "X-Goog-Signature").OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}"));
        var canonicalRequest = $"GET\n{rawPath}\n{canonicalQuery}\nhost:{context.Request.Host}\n\nhost\nUNSIGNED-PAYLOAD";
        var date = Uri.UnescapeDataString(query["X-Goog-Date"]);
        var scope = Uri.UnescapeDataString(query["X-Goog-Credential"]).Split('/', 2)[1];
        var stringToSign = $"GOOG4-RSA-SHA256\n{date}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var signedAt = DateTimeOffset.ParseExact(date, "yyyyMMdd'T'HHmmss'Z'", null, System.Globalization.DateTimeStyles.AssumeUniversal);
        var valid = trustedKey.VerifyData(Encoding.UTF8.GetBytes(stringToSign), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                    && signedAt.AddSeconds(int.Parse(query["X-Goog-Expires"])) > DateTimeOffset.UtcNow;
        if (!valid)
        {
            context.Response.StatusCode = 403;
            await context.Response.WriteAsync("<Error><Code>SignatureDoesNotMatch</Code></Error>");
            return;
        }

        var segments = rawPath.Trim('/').Split('/', 2).Select(Uri.UnescapeDataString).ToArray();
        await DownloadAsync(context, segments[0], segments[1]);
    }

    private static async Task ErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new { error = new { code = status, message } });
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
