using System.Collections.Concurrent;

namespace Labelit.TestSupport.Gcs;

/// <summary>The fake's buckets and objects; every write gives the object a new generation, as GCS does.</summary>
internal sealed class GcsBuckets
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, GcsStoredObject>> buckets = new();
    private readonly ConcurrentDictionary<string, byte> withoutAccess = new();
    private long lastGeneration = 1_700_000_000_000_000;

    public void Create(string bucket, bool accessible)
    {
        buckets.TryAdd(bucket, new());
        if (!accessible)
        {
            withoutAccess.TryAdd(bucket, 0);
        }
    }

    public bool Exists(string bucket) => buckets.ContainsKey(bucket);

    /// <summary>True for a bucket the service account has no IAM role on.</summary>
    public bool Denies(string bucket) => withoutAccess.ContainsKey(bucket);

    public GcsStoredObject Put(string bucket, string name, byte[] data, string contentType) =>
        buckets[bucket][name] = new GcsStoredObject(bucket, name, data, contentType, Interlocked.Increment(ref lastGeneration), DateTimeOffset.UtcNow);

    public GcsStoredObject? Find(string bucket, string name) =>
        buckets.TryGetValue(bucket, out var objects) && objects.TryGetValue(name, out var found) ? found : null;

    public bool Remove(string bucket, string name) => buckets.TryGetValue(bucket, out var objects) && objects.TryRemove(name, out _);

    /// <summary>Objects in lexicographic order of their names, as objects.list returns them.</summary>
    public IEnumerable<GcsStoredObject> InOrder(string bucket) => buckets[bucket].Values.OrderBy(o => o.Name, StringComparer.Ordinal);
}
