using Labelit.Plugins;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Labelit.TestSupport.S3;

/// <summary>A real S3-compatible server started on a free loopback port for this test run.</summary>
public abstract class S3Server : IAsyncDisposable
{
    /// <summary>The script that installs the S3 servers these tests start.</summary>
    public const string DepsScript = "scripts/deps/s3.sh";

    public abstract string Name { get; }

    /// <summary>Endpoint, e.g. http://127.0.0.1:41234.</summary>
    public abstract string Endpoint { get; }

    public abstract string AccessKeyId { get; }

    public abstract string SecretKey { get; }

    /// <summary>What a Labelit administrator would enter to connect to this server.</summary>
    public abstract StorageSettings Settings { get; }

    /// <summary>Valid credentials that may not read the test buckets; only servers that check credentials have them.</summary>
    public virtual StorageSettings SettingsWithoutAccess =>
        throw new NotSupportedException($"{Name} accepts any credentials, so it has none without access.");

    /// <summary>A raw AWS SDK client for test set-up, configured like the plugin would be.</summary>
    public IAmazonS3 CreateRawClient() => new AmazonS3Client(
        new BasicAWSCredentials(AccessKeyId, SecretKey),
        new AmazonS3Config
        {
            ServiceURL = Endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });

    /// <summary>Counts the objects under <paramref name="prefix"/> with the SDK's plain ListObjectsV2 paging: the baseline benchmarks compare with.</summary>
    public static async Task<int> CountObjectsRawAsync(IAmazonS3 client, string bucket, string prefix)
    {
        var count = 0;
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        ListObjectsV2Response response;
        do
        {
            response = await client.ListObjectsV2Async(request);
            count += response.S3Objects?.Count ?? 0;
            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);
        return count;
    }

    /// <summary>Creates a bucket with a fresh name and returns the name.</summary>
    public async Task<string> CreateBucketAsync()
    {
        var name = $"labelit-{Guid.NewGuid():N}"[..30];
        using var client = CreateRawClient();
        await client.PutBucketAsync(name);
        return name;
    }

    /// <summary>Stores many small objects for a test's set-up, as fast as this server allows.</summary>
    public virtual async Task PutObjectsAsync(string bucket, IReadOnlyList<(string Key, byte[] Content)> objects)
    {
        using var client = CreateRawClient();
        await Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (item, ct) => await client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucket, Key = item.Key, InputStream = new MemoryStream(item.Content), UseChunkEncoding = false,
            }, ct));
    }

    public abstract ValueTask DisposeAsync();
}
