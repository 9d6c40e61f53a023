using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Labelit.TestSupport.Gcs;

/// <summary>
/// The JSON API's resumable uploads: a POST with the object's metadata opens a session and answers its
/// URI in Location; PUTs to that URI carry the bytes with Content-Range (<c>bytes 0-262143/*</c> while
/// the size is unknown, <c>bytes 262144-300000/300001</c> for the last chunk, <c>bytes */0</c> for an
/// empty object). An incomplete session answers 308 with the bytes it holds in Range; the request that
/// completes it answers 200 with the object resource, after checking the X-Goog-Hash the client sent.
/// </summary>
internal sealed class ResumableUploads(GcsBuckets buckets)
{
    private readonly ConcurrentDictionary<string, Session> sessions = new();

    public async Task StartAsync(HttpContext context, string bucket, string endpoint)
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        var metadata = body.Length == 0 ? new JsonObject() : JsonNode.Parse(body)!.AsObject();
        var name = (string?)metadata["name"] ?? context.Request.Query["name"].ToString();
        if (name.Length == 0)
        {
            await GcsErrorResponses.BadRequestAsync(context, "Required");
            return;
        }

        var contentType = (string?)metadata["contentType"]
                          ?? context.Request.Headers["X-Upload-Content-Type"].FirstOrDefault() ?? "application/octet-stream";
        var uploadId = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        sessions[uploadId] = new Session(bucket, name, contentType);
        context.Response.Headers.Location =
            $"{endpoint}/upload/storage/v1/b/{bucket}/o?uploadType=resumable&name={Uri.EscapeDataString(name)}&upload_id={uploadId}";
        context.Response.Headers["X-GUploader-UploadID"] = uploadId;
    }

    public async Task ReceiveAsync(HttpContext context, string uploadId, string endpoint)
    {
        if (!sessions.TryGetValue(uploadId, out var session))
        {
            context.Response.StatusCode = 404;
            return;
        }

        var chunk = new MemoryStream();
        await context.Request.Body.CopyToAsync(chunk);
        if (!ContentRange.TryParse(context.Request.Headers.ContentRange.ToString(), out var range))
        {
            await GcsErrorResponses.BadRequestAsync(context, "Failed to parse Content-Range header.");
            return;
        }

        var (completed, refusal) = Append(uploadId, session, range, chunk, context);
        if (refusal is not null)
        {
            await GcsErrorResponses.BadRequestAsync(context, refusal);
            return;
        }

        if (completed is null)
        {
            context.Response.StatusCode = 308;
            if (session.Received.Length > 0)
            {
                context.Response.Headers.Range = $"bytes=0-{session.Received.Length - 1}";
            }

            return;
        }

        await context.Response.WriteAsJsonAsync(completed.ToResource(endpoint), GcsJson.Options);
    }

    private (GcsStoredObject? Completed, string? Refusal) Append(string uploadId, Session session, ContentRange range, MemoryStream chunk, HttpContext context)
    {
        lock (session)
        {
            if (session.Result is null && range.First is { } first)
            {
                if (first > session.Received.Length)
                {
                    return (null, $"Invalid request. According to the Content-Range header, the upload offset is {first} byte(s), " +
                                  $"which exceeds already uploaded size of {session.Received.Length} byte(s).");
                }

                // Bytes the session already holds (a chunk sent again after a lost answer) are skipped.
                var skip = (int)(session.Received.Length - first);
                if (skip < chunk.Length)
                {
                    session.Received.Write(chunk.GetBuffer(), skip, (int)chunk.Length - skip);
                }
            }

            if (session.Result is null && range.Total == session.Received.Length)
            {
                var data = session.Received.ToArray();
                if (HashMismatch(context, data) is { } mismatch)
                {
                    // The upload has failed for good; the object stays as it was.
                    sessions.TryRemove(uploadId, out _);
                    return (null, mismatch);
                }

                session.Result = buckets.Put(session.Bucket, session.Name, data, session.ContentType);
            }

            return (session.Result, null);
        }
    }

    // The client sends the whole object's checksums with the last chunk; GCS refuses the upload when they differ.
    private static string? HashMismatch(HttpContext context, byte[] data)
    {
        foreach (var hash in context.Request.Headers["X-Goog-Hash"].SelectMany(h => h!.Split(',')).Select(h => h.Trim().Split('=', 2)))
        {
            var expected = hash[0] switch
            {
                "crc32c" => Crc32c.ToBase64(Crc32c.Compute(data)),
                "md5" => Convert.ToBase64String(MD5.HashData(data)),
                _ => null,
            };
            if (expected is not null && hash.Length == 2 && hash[1] != expected)
            {
                return $"Provided {hash[0].ToUpperInvariant()} \"{hash[1]}\" doesn't match calculated {hash[0].ToUpperInvariant()} \"{expected}\".";
            }
        }

        return null;
    }

    private sealed class Session(string bucket, string name, string contentType)
    {
        public string Bucket { get; } = bucket;
        public string Name { get; } = name;
        public string ContentType { get; } = contentType;
        public MemoryStream Received { get; } = new();
        public GcsStoredObject? Result { get; set; }
    }

    /// <summary><c>bytes first-last/total</c>, where the range or the total may be <c>*</c>.</summary>
    private readonly record struct ContentRange(long? First, long? Total)
    {
        public static bool TryParse(string header, out ContentRange range)
        {
            range = default;
            if (!header.StartsWith("bytes ", StringComparison.Ordinal) || header[6..].Split('/') is not [var span, var total])
            {
                return false;
            }

            long? first = span == "*" ? null : long.TryParse(span.Split('-')[0], CultureInfo.InvariantCulture, out var f) ? f : -1;
            long? size = total == "*" ? null : long.TryParse(total, CultureInfo.InvariantCulture, out var t) ? t : -1;
            range = new ContentRange(first, size);
            return first != -1 && size != -1;
        }
    }
}
