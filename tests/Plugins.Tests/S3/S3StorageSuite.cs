using Labelit.TestSupport.S3;
using System.Security.Cryptography;
using Labelit.Plugins.S3;
using Labelit.Plugins.Tests.Servers;

namespace Labelit.Plugins.Tests.S3;

/// <summary>
/// The S3 plugin against every real server in <see cref="S3Servers"/>: the same tests, the server's
/// own connection settings, no per-server code.
/// </summary>
[Collection(S3ServersCollection.Name)]
public sealed class S3StorageSuite(S3Servers servers)
{
    private static readonly S3StoragePlugin Plugin = new();

    [Theory]
    [MemberData(nameof(S3Servers.All), MemberType = typeof(S3Servers))]
    public async Task Written_object_is_listed_read_back_and_deleted(string server)
    {
        var (backend, bucket) = await ConnectAsync(server);
        var path = StoragePath.Parse($"s3://{bucket}/exports/2024 run/result #1.json");
        var content = "{\"tasks\": 3}"u8.ToArray();

        await backend.WriteAsync(path, new NonSeekableStream(content), "application/json");

        var listed = await ListAllAsync(backend, StoragePath.Parse($"s3://{bucket}/exports/"));
        var found = Assert.Single(listed);
        Assert.Equal(path, found.Path);
        Assert.Equal(content.Length, found.Size);
        Assert.False(string.IsNullOrEmpty(found.ETag));
        Assert.InRange(found.LastModified!.Value, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.Equal(content, await ReadAllAsync(backend, path));

        await backend.DeleteAsync([path]);

        Assert.Empty(await ListAllAsync(backend, StoragePath.Parse($"s3://{bucket}/exports/")));
        var missing = await Assert.ThrowsAsync<StorageException>(() => backend.OpenReadAsync(path));
        Assert.Equal(StorageFailure.NotFound, missing.Failure);
        Assert.Contains("result #1.json does not exist", missing.Message);
    }

    [Theory]
    [MemberData(nameof(S3Servers.All), MemberType = typeof(S3Servers))]
    public async Task Export_larger_than_one_part_is_streamed_in_parts_and_read_back_whole(string server)
    {
        var (backend, bucket) = await ConnectAsync(server);
        var path = StoragePath.Parse($"s3://{bucket}/exports/big.bin");
        var content = RandomNumberGenerator.GetBytes(9 * 1024 * 1024 + 123);

        await backend.WriteAsync(path, new NonSeekableStream(content));

        Assert.Equal(SHA256.HashData(content), SHA256.HashData(await ReadAllAsync(backend, path)));
        Assert.Equal(content.Length, Assert.Single(await ListAllAsync(backend, path)).Size);
    }

    [Theory]
    [MemberData(nameof(S3Servers.All), MemberType = typeof(S3Servers))]
    public async Task Five_thousand_objects_are_all_listed(string server)
    {
        const int count = 5000;
        var s3 = await servers.GetAsync(server);
        var (backend, bucket) = await ConnectAsync(server);
        await s3.PutObjectsAsync(bucket, Enumerable.Range(0, count).Select(i => ($"images/{i:D5}.txt", "x"u8.ToArray())).ToList());

        var pages = new List<IReadOnlyList<StorageObject>>();
        await foreach (var page in backend.ListAsync(StoragePath.Parse($"s3://{bucket}/images/")))
        {
            pages.Add(page);
        }

        var keys = pages.SelectMany(p => p).Select(o => o.Path.Key).ToHashSet();
        Assert.Equal(count, keys.Count);
        Assert.Contains("images/04999.txt", keys);
        Assert.True(pages.Count > 1, $"expected the listing to arrive in several pages, got {pages.Count}");
    }

    [Theory]
    [MemberData(nameof(S3Servers.All), MemberType = typeof(S3Servers))]
    public async Task Many_objects_are_deleted_at_once_even_where_multi_delete_is_refused(string server)
    {
        var (backend, bucket) = await ConnectAsync(server);
        var paths = Enumerable.Range(0, 40).Select(i => StoragePath.Parse($"s3://{bucket}/old/{i}.txt")).ToList();
        foreach (var path in paths)
        {
            await backend.WriteAsync(path, new MemoryStream("old"u8.ToArray()));
        }

        await backend.WriteAsync(StoragePath.Parse($"s3://{bucket}/keep.txt"), new MemoryStream("keep"u8.ToArray()));

        await backend.DeleteAsync(paths);
        await backend.DeleteAsync(paths.Take(3).ToList());

        Assert.Empty(await ListAllAsync(backend, StoragePath.Parse($"s3://{bucket}/old/")));
        Assert.Single(await ListAllAsync(backend, StoragePath.Parse($"s3://{bucket}/")));
    }

    [Theory]
    [MemberData(nameof(S3Servers.All), MemberType = typeof(S3Servers))]
    public async Task Presigned_url_is_fetchable_by_a_plain_http_client_over_the_endpoints_scheme(string server)
    {
        var (backend, bucket) = await ConnectAsync(server);
        var path = StoragePath.Parse($"s3://{bucket}/images/cat 1.jpg");
        var content = RandomNumberGenerator.GetBytes(2048);
        await backend.WriteAsync(path, new MemoryStream(content), "image/jpeg");

        var url = await backend.GetBrowserUrlAsync(path, TimeSpan.FromMinutes(10));

        Assert.NotNull(url);
        Assert.Equal("http", url.Scheme);
        using var http = new HttpClient();
        Assert.Equal(content, await http.GetByteArrayAsync(url));
    }

    [Theory]
    [MemberData(nameof(S3Servers.VerifyingSignatures), MemberType = typeof(S3Servers))]
    public async Task Tampered_presigned_url_is_refused(string server)
    {
        var (backend, bucket) = await ConnectAsync(server);
        var path = StoragePath.Parse($"s3://{bucket}/images/private.jpg");
        await backend.WriteAsync(path, new MemoryStream([1, 2, 3]));

        var url = (await backend.GetBrowserUrlAsync(path, TimeSpan.FromMinutes(10)))!.ToString();
        var tampered = url.Replace("private.jpg", "private.jpg.other", StringComparison.Ordinal);

        using var http = new HttpClient();
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await http.GetAsync(tampered)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(S3Servers.VerifyingSignatures), MemberType = typeof(S3Servers))]
    public async Task Wrong_secret_key_is_reported_as_wrong_credentials(string server)
    {
        var s3 = await servers.GetAsync(server);
        var bucket = await s3.CreateBucketAsync();
        using var backend = Plugin.CreateBackend(s3.Settings with { Secret = "not-the-secret" }, new StorageEnvironment());

        var result = await backend.TestConnectionAsync(StoragePath.Parse($"s3://{bucket}/"));

        Assert.Equal(StorageFailure.WrongCredentials, result.Failure);
        Assert.Contains("secret key does not match", result.Message);
        Assert.DoesNotContain("not-the-secret", result.Message);
    }

    [Theory]
    [MemberData(nameof(S3Servers.VerifyingSignatures), MemberType = typeof(S3Servers))]
    public async Task Without_static_keys_the_default_aws_credential_chain_signs_the_requests(string server)
    {
        var s3 = await servers.GetAsync(server);
        var bucket = await s3.CreateBucketAsync();
        using var environment = new EnvironmentVariables(new()
        {
            ["AWS_ACCESS_KEY_ID"] = s3.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = s3.SecretKey,
        });
        using var backend = Plugin.CreateBackend(s3.Settings with { AccessKeyId = null, Secret = null }, new StorageEnvironment());

        var result = await backend.TestConnectionAsync(StoragePath.Parse($"s3://{bucket}/"));

        Assert.True(result.Succeeded, result.Message);
    }

    [Theory]
    [MemberData(nameof(S3Servers.VerifyingSignatures), MemberType = typeof(S3Servers))]
    public async Task Unknown_access_key_is_reported_as_wrong_credentials(string server)
    {
        var s3 = await servers.GetAsync(server);
        using var backend = Plugin.CreateBackend(s3.Settings with { AccessKeyId = "nobody:nobody" }, new StorageEnvironment());

        var result = await backend.TestConnectionAsync(StoragePath.Parse($"s3://{await s3.CreateBucketAsync()}/"));

        Assert.Equal(StorageFailure.WrongCredentials, result.Failure);
    }

    [Theory]
    [MemberData(nameof(S3Servers.VerifyingSignatures), MemberType = typeof(S3Servers))]
    public async Task Valid_credentials_without_rights_on_the_bucket_are_reported_as_no_permission(string server)
    {
        var s3 = await servers.GetAsync(server);
        var bucket = await s3.CreateBucketAsync();
        using var backend = Plugin.CreateBackend(s3.SettingsWithoutAccess, new StorageEnvironment());

        var result = await backend.TestConnectionAsync(StoragePath.Parse($"s3://{bucket}/"));

        Assert.Equal(StorageFailure.NoPermission, result.Failure);
        Assert.StartsWith($"Access to s3://{bucket}/ was denied by {s3.Endpoint}", result.Message);
    }

    [Theory]
    [MemberData(nameof(S3Servers.All), MemberType = typeof(S3Servers))]
    public async Task Missing_bucket_is_reported_by_name(string server)
    {
        var (backend, _) = await ConnectAsync(server);

        var result = await backend.TestConnectionAsync(StoragePath.Parse("s3://no-such-bucket-here/images/"));
        var listing = await Assert.ThrowsAsync<StorageException>(() =>
            ListAllAsync(backend, StoragePath.Parse("s3://no-such-bucket-here/images/")));

        Assert.Equal(StorageFailure.MissingBucket, result.Failure);
        Assert.Equal("Bucket 'no-such-bucket-here' does not exist at " + (await servers.GetAsync(server)).Endpoint + ".", result.Message);
        Assert.Equal(StorageFailure.MissingBucket, listing.Failure);
    }

    [Theory]
    [MemberData(nameof(S3Servers.All), MemberType = typeof(S3Servers))]
    public async Task Working_connection_test_says_so(string server)
    {
        var (backend, bucket) = await ConnectAsync(server);

        var result = await backend.TestConnectionAsync(StoragePath.Parse($"s3://{bucket}/images/"));

        Assert.True(result.Succeeded, result.Message);
        Assert.Contains($"s3://{bucket}/images/ can be listed", result.Message);
    }

    [Theory]
    [MemberData(nameof(S3Servers.All), MemberType = typeof(S3Servers))]
    public async Task Locations_that_are_not_s3_objects_are_refused_before_any_request(string server)
    {
        var (backend, bucket) = await ConnectAsync(server);

        var noBucket = await Assert.ThrowsAsync<StorageException>(() => ListAllAsync(backend, StoragePath.Parse("s3:///images/")));
        var otherScheme = await Assert.ThrowsAsync<StorageException>(() => backend.OpenReadAsync(StoragePath.Parse($"gs://{bucket}/a.jpg")));
        var prefixNotObject = await Assert.ThrowsAsync<StorageException>(() => backend.OpenReadAsync(StoragePath.Parse($"s3://{bucket}/images/")));

        Assert.All([noBucket, otherScheme, prefixNotObject], e => Assert.Equal(StorageFailure.InvalidLocation, e.Failure));
        Assert.Equal("'s3:///images/' is not an S3 location: expected s3://bucket/prefix.", noBucket.Message);
        Assert.Contains("names no object", prefixNotObject.Message);
    }

    private async Task<(IStorageBackend Backend, string Bucket)> ConnectAsync(string server)
    {
        var s3 = await servers.GetAsync(server);
        return (Plugin.CreateBackend(s3.Settings, new StorageEnvironment()), await s3.CreateBucketAsync());
    }

    internal static async Task<List<StorageObject>> ListAllAsync(IStorageBackend backend, StoragePath prefix)
    {
        var all = new List<StorageObject>();
        await foreach (var page in backend.ListAsync(prefix))
        {
            all.AddRange(page);
        }

        return all;
    }

    internal static async Task<byte[]> ReadAllAsync(IStorageBackend backend, StoragePath path)
    {
        await using var stream = await backend.OpenReadAsync(path);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
