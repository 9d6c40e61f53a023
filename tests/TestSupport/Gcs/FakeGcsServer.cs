using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Labelit.TestSupport.Gcs;

/// <summary>
/// The part of Google Cloud Storage's JSON API that Google.Cloud.Storage.V1's StorageClient uses,
/// written from Google's public reference: objects.list (prefix, pageToken, maxResults, fields),
/// objects.get (metadata, or the bytes with alt=media and their X-Goog-Hash), resumable uploads,
/// objects.delete, V4 signed URL downloads, and errors in the API's JSON shape. Credentials are
/// checked as Google checks them (see <see cref="GoogleCredentialsCheck"/>), so key mistakes fail here too.
/// </summary>
public sealed class FakeGcsServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly RSA trustedKey;
    private readonly string clientEmail;
    private readonly GcsBuckets buckets = new();
    private readonly GoogleCredentialsCheck credentials;
    private readonly ResumableUploads uploads;

    private FakeGcsServer(WebApplication app, RSA trustedKey, string clientEmail)
    {
        this.app = app;
        this.trustedKey = trustedKey;
        this.clientEmail = clientEmail;
        credentials = new GoogleCredentialsCheck(trustedKey, clientEmail);
        uploads = new ResumableUploads(buckets);
    }

    public string Endpoint { get; private set; } = "";

    /// <summary>Most objects one objects.list page holds (GCS's own maximum is 1000).</summary>
    public int PageSize { get; set; } = 1000;

    public static async Task<FakeGcsServer> StartAsync(RSA trustedKey, string clientEmail)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // The client gzips JSON request bodies (Content-Encoding: gzip), which Google's front ends accept.
        builder.Services.AddRequestDecompression();
        var app = builder.Build();
        var server = new FakeGcsServer(app, trustedKey, clientEmail);
        app.UseRequestDecompression();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.Endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return server;
    }

    public void CreateBucket(string name) => buckets.Create(name, accessible: true);

    /// <summary>A bucket the service account has no IAM role on: GCS answers 403 for it.</summary>
    public void CreateBucketWithoutAccess(string name) => buckets.Create(name, accessible: false);

    public void Put(string bucket, string name, byte[] data, string contentType = "application/octet-stream") =>
        buckets.Put(bucket, name, data, contentType);

    /// <summary>Deletes an object as another client of the bucket would; false when there was none.</summary>
    public bool Delete(string bucket, string name) => buckets.Remove(bucket, name);

    public bool Exists(string bucket, string name) => buckets.Find(bucket, name) is not null;

    public byte[]? Read(string bucket, string name) => buckets.Find(bucket, name)?.Data;

    public string? ContentTypeOf(string bucket, string name) => buckets.Find(bucket, name)?.ContentType;

    public ValueTask DisposeAsync() => app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var queryAt = rawTarget.IndexOf('?');
        var rawPath = queryAt < 0 ? rawTarget : rawTarget[..queryAt];
        var segments = rawPath.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        var query = context.Request.Query;
        var method = context.Request.Method;

        if (rawPath == "/token" && method == "POST")
        {
            await credentials.IssueTokenAsync(context);
        }
        else if (query.ContainsKey("X-Goog-Signature"))
        {
            await SignedDownloadAsync(context, rawPath, rawTarget[(queryAt + 1)..]);
        }
        else if (segments is ["upload", "storage", "v1", "b", _, "o"] && method == "PUT" && query["upload_id"].ToString() is { Length: > 0 } uploadId)
        {
            // The session URI is itself the credential for the upload's chunks.
            await uploads.ReceiveAsync(context, uploadId, Endpoint);
        }
        else if (!credentials.IsAuthorized(context))
        {
            await GcsErrorResponses.InvalidCredentialsAsync(context);
        }
        else if (BucketOf(segments) is { } bucket && buckets.Denies(bucket))
        {
            await GcsErrorResponses.AccessDeniedAsync(context, clientEmail, PermissionFor(method, segments));
        }
        else if (BucketOf(segments) is { } missing && !buckets.Exists(missing))
        {
            await GcsErrorResponses.NoSuchBucketAsync(context);
        }
        else if (segments is ["storage", "v1", "b", var listed, "o"] && method == "GET")
        {
            await ListAsync(context, listed);
        }
        else if (segments is ["storage", "v1", "b", var b, "o", var name] && method == "GET")
        {
            await GetAsync(context, b, name, media: query["alt"] == "media");
        }
        else if (segments is ["storage", "v1", "b", var db, "o", var deleted] && method == "DELETE")
        {
            await DeleteAsync(context, db, deleted);
        }
        else if (segments is ["upload", "storage", "v1", "b", var ub, "o"] && method == "POST" && query["uploadType"] == "resumable")
        {
            await uploads.StartAsync(context, ub, Endpoint);
        }
        else
        {
            await GcsErrorResponses.BadRequestAsync(context, $"The fake does not implement {method} {rawTarget}.");
        }
    }

    // storage/v1/b/{bucket}/... and upload/storage/v1/b/{bucket}/...
    private static string? BucketOf(string[] segments)
    {
        var at = Array.IndexOf(segments, "b");
        return at >= 0 && at + 1 < segments.Length ? segments[at + 1] : null;
    }

    private static string PermissionFor(string method, string[] segments) => method switch
    {
        "GET" when segments[^1] == "o" => "storage.objects.list",
        "GET" => "storage.objects.get",
        "DELETE" => "storage.objects.delete",
        _ => "storage.objects.create",
    };

    private async Task ListAsync(HttpContext context, string bucket)
    {
        var prefix = context.Request.Query["prefix"].ToString();
        // Page tokens are opaque to clients; this one is the last name of the previous page.
        var after = context.Request.Query["pageToken"].ToString() is { Length: > 0 } token
            ? Encoding.UTF8.GetString(Convert.FromBase64String(token)) : null;
        var limit = int.TryParse(context.Request.Query["maxResults"], CultureInfo.InvariantCulture, out var max) ? Math.Min(max, PageSize) : PageSize;
        var matching = buckets.InOrder(bucket)
            .Where(o => o.Name.StartsWith(prefix, StringComparison.Ordinal) && (after is null || string.CompareOrdinal(o.Name, after) > 0))
            .Take(limit + 1).ToList();
        var page = matching.Take(limit).ToList();
        var resource = new JsonObject { ["kind"] = "storage#objects" };
        if (matching.Count > limit)
        {
            resource["nextPageToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(page[^1].Name));
        }

        if (page.Count > 0)
        {
            resource["items"] = new JsonArray(page.Select(o => (JsonNode)o.ToResource(Endpoint)).ToArray());
        }

        await context.Response.WriteAsJsonAsync(GcsJson.Select(resource, context.Request.Query["fields"]), GcsJson.Options);
    }

    private async Task GetAsync(HttpContext context, string bucket, string name, bool media)
    {
        if (buckets.Find(bucket, name) is not { } found)
        {
            await GcsErrorResponses.NoSuchObjectAsync(context, bucket, name);
            return;
        }

        if (!media)
        {
            await context.Response.WriteAsJsonAsync(GcsJson.Select(found.ToResource(Endpoint), context.Request.Query["fields"]), GcsJson.Options);
            return;
        }

        await WriteMediaAsync(context, found);
    }

    private static async Task WriteMediaAsync(HttpContext context, GcsStoredObject found)
    {
        var headers = context.Response.Headers;
        headers["X-Goog-Hash"] = found.HashHeader;
        headers["X-Goog-Generation"] = found.Generation.ToString(CultureInfo.InvariantCulture);
        headers["X-Goog-Metageneration"] = "1";
        headers["X-Goog-Stored-Content-Length"] = found.Data.Length.ToString(CultureInfo.InvariantCulture);
        headers["X-Goog-Stored-Content-Encoding"] = "identity";
        headers.LastModified = found.Updated.ToString("R", CultureInfo.InvariantCulture);
        context.Response.ContentType = found.ContentType;
        context.Response.ContentLength = found.Data.Length;
        await context.Response.Body.WriteAsync(found.Data);
    }

    private async Task DeleteAsync(HttpContext context, string bucket, string name)
    {
        if (!buckets.Remove(bucket, name))
        {
            await GcsErrorResponses.NoSuchObjectAsync(context, bucket, name);
            return;
        }

        context.Response.StatusCode = 204;
    }

    // Signed URLs address objects XML-API style, /{bucket}/{object name with its slashes}.
    private async Task SignedDownloadAsync(HttpContext context, string rawPath, string rawQuery)
    {
        if (!SignedUrlCheck.IsValid(context, rawPath, rawQuery, trustedKey))
        {
            await SignedUrlCheck.RefuseAsync(context);
            return;
        }

        var parts = rawPath.TrimStart('/').Split('/', 2).Select(Uri.UnescapeDataString).ToArray();
        if (parts.Length < 2 || buckets.Find(parts[0], parts[1]) is not { } found)
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("<?xml version='1.0' encoding='UTF-8'?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>");
            return;
        }

        await WriteMediaAsync(context, found);
    }
}
