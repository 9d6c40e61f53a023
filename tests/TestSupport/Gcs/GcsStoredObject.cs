using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Labelit.TestSupport.Gcs;

/// <summary>One object as GCS keeps it: its bytes and the metadata the JSON API reports.</summary>
internal sealed record GcsStoredObject(string Bucket, string Name, byte[] Data, string ContentType, long Generation, DateTimeOffset Updated)
{
    public string Crc32c { get; } = Gcs.Crc32c.ToBase64(Gcs.Crc32c.Compute(Data));

    public string Md5Hash { get; } = Convert.ToBase64String(MD5.HashData(Data));

    /// <summary>The X-Goog-Hash value GCS sends with media and the client validates.</summary>
    public string HashHeader => $"crc32c={Crc32c},md5={Md5Hash}";

    /// <summary>The objects resource, as in Google's JSON API reference; numbers that may exceed 2^53 are strings.</summary>
    public JsonObject ToResource(string endpoint)
    {
        var generation = Generation.ToString(CultureInfo.InvariantCulture);
        var encodedName = Uri.EscapeDataString(Name);
        var time = Updated.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["kind"] = "storage#object",
            ["id"] = $"{Bucket}/{Name}/{generation}",
            ["selfLink"] = $"{endpoint}/storage/v1/b/{Bucket}/o/{encodedName}",
            ["mediaLink"] = $"{endpoint}/download/storage/v1/b/{Bucket}/o/{encodedName}?generation={generation}&alt=media",
            ["name"] = Name,
            ["bucket"] = Bucket,
            ["generation"] = generation,
            ["metageneration"] = "1",
            ["contentType"] = ContentType,
            ["storageClass"] = "STANDARD",
            ["size"] = Data.Length.ToString(CultureInfo.InvariantCulture),
            ["md5Hash"] = Md5Hash,
            ["crc32c"] = Crc32c,
            ["etag"] = Convert.ToBase64String(BitConverter.GetBytes(Generation)),
            ["timeCreated"] = time,
            ["updated"] = time,
            ["timeStorageClassUpdated"] = time,
        };
    }
}
