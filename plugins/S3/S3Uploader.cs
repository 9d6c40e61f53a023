using Amazon.S3.Model;

namespace Labelit.Plugins.S3;

/// <summary>
/// Writes a stream of unknown length: one PutObject when it fits in a part, otherwise a multipart
/// upload, so exports never have to be held in memory or on disk whole.
/// </summary>
internal sealed class S3Uploader(S3Connection connection)
{
    // S3's minimum part size is 5 MiB (except the last); 8 MiB keeps memory per upload small.
    private const int PartSize = 8 * 1024 * 1024;

    public async Task UploadAsync(StoragePath path, Stream content, string? contentType, CancellationToken cancellationToken)
    {
        if (content.CanSeek && content.Length - content.Position <= PartSize)
        {
            await PutAsync(path, content, contentType, cancellationToken);
            return;
        }

        var first = await ReadPartAsync(content, cancellationToken);
        if (first.Length < PartSize)
        {
            await PutAsync(path, first, contentType, cancellationToken);
            return;
        }

        await MultipartAsync(path, first, content, contentType, cancellationToken);
    }

    private Task PutAsync(StoragePath path, Stream body, string? contentType, CancellationToken cancellationToken) =>
        connection.Client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = path.Bucket,
            Key = path.Key,
            InputStream = body,
            AutoCloseStream = false,
            ContentType = contentType,
            UseChunkEncoding = !connection.CompatibilityMode,
        }, cancellationToken);

    private async Task MultipartAsync(StoragePath path, MemoryStream first, Stream content, string? contentType, CancellationToken cancellationToken)
    {
        var client = connection.Client;
        var upload = await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = path.Bucket, Key = path.Key, ContentType = contentType,
        }, cancellationToken);
        try
        {
            var parts = new List<PartETag>();
            for (var part = first; part.Length > 0; part = await ReadPartAsync(content, cancellationToken))
            {
                var response = await client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = path.Bucket,
                    Key = path.Key,
                    UploadId = upload.UploadId,
                    PartNumber = parts.Count + 1,
                    InputStream = part,
                    PartSize = part.Length,
                    UseChunkEncoding = !connection.CompatibilityMode,
                }, cancellationToken);
                parts.Add(new PartETag(parts.Count + 1, response.ETag));
            }

            await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = path.Bucket, Key = path.Key, UploadId = upload.UploadId, PartETags = parts,
            }, cancellationToken);
        }
        catch
        {
            await AbortQuietlyAsync(path, upload.UploadId);
            throw;
        }
    }

    // Leaves no half-written upload holding storage; the original failure is the one worth reporting.
    private async Task AbortQuietlyAsync(StoragePath path, string uploadId)
    {
        try
        {
            await connection.Client.AbortMultipartUploadAsync(path.Bucket, path.Key, uploadId, CancellationToken.None);
        }
        catch (Exception)
        {
            // The server or network already failed; the upload expires by the bucket's lifecycle rules.
        }
    }

    private static async Task<MemoryStream> ReadPartAsync(Stream content, CancellationToken cancellationToken)
    {
        var buffer = new byte[PartSize];
        var filled = 0;
        int read;
        while (filled < PartSize && (read = await content.ReadAsync(buffer.AsMemory(filled), cancellationToken)) > 0)
        {
            filled += read;
        }

        return new MemoryStream(buffer, 0, filled, writable: false);
    }
}
