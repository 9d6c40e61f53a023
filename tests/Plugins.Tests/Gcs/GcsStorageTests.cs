using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Labelit.Plugins.Gcs;
using Labelit.Plugins.Tests.S3;
using Labelit.TestSupport.Gcs;

namespace Labelit.Plugins.Tests.Gcs;

public sealed class GcsStorageTests : IAsyncLifetime
{
    private static readonly GcsStoragePlugin Plugin = new();
    private readonly ServiceAccountKey account = new();
    private FakeGcsServer gcs = null!;
    private IStorageBackend backend = null!;

    public async Task InitializeAsync()
    {
        gcs = await FakeGcsServer.StartAsync(account.Key, ServiceAccountKey.ClientEmail);
        gcs.CreateBucket("photos");
        backend = Plugin.CreateBackend(Settings(account), new StorageEnvironment());
    }

    public async Task DisposeAsync()
    {
        backend.Dispose();
        await gcs.DisposeAsync();
    }

    [Fact]
    public async Task Written_object_is_listed_read_back_and_deleted()
    {
        var path = StoragePath.Parse("gs://photos/2024/cats/cat #1.jpg");

        await backend.WriteAsync(path, new NonSeekableStream([7, 8, 9]), "image/jpeg");

        var found = Assert.Single(await S3StorageSuite.ListAllAsync(backend, StoragePath.Parse("gs://photos/2024/")));
        Assert.Equal(path, found.Path);
        Assert.Equal(3, found.Size);
        Assert.False(string.IsNullOrEmpty(found.ETag));
        Assert.Equal("image/jpeg", gcs.ContentTypeOf("photos", "2024/cats/cat #1.jpg"));
        Assert.Equal([7, 8, 9], await S3StorageSuite.ReadAllAsync(backend, path));

        await backend.DeleteAsync([path, StoragePath.Parse("gs://photos/never-existed.jpg")]);

        Assert.False(gcs.Exists("photos", "2024/cats/cat #1.jpg"));
        Assert.Equal(StorageFailure.NotFound, (await Assert.ThrowsAsync<StorageException>(() => backend.OpenReadAsync(path))).Failure);
    }

    [Fact]
    public async Task Export_larger_than_one_upload_chunk_arrives_whole_and_reads_back_whole()
    {
        // Past the client's 10 MiB chunk, so the resumable session holds an incomplete upload in between.
        var content = RandomNumberGenerator.GetBytes(12 * 1024 * 1024 + 5);
        var path = StoragePath.Parse("gs://photos/exports/project 7.json");

        await backend.WriteAsync(path, new NonSeekableStream(content), "application/json");

        Assert.Equal(SHA256.HashData(content), SHA256.HashData(gcs.Read("photos", "exports/project 7.json")!));
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(await S3StorageSuite.ReadAllAsync(backend, path)));
        Assert.Equal(content.Length, Assert.Single(await S3StorageSuite.ListAllAsync(backend, path)).Size);
    }

    [Fact]
    public async Task Export_to_a_missing_bucket_is_reported_by_name()
    {
        var failure = await Assert.ThrowsAsync<StorageException>(() =>
            backend.WriteAsync(StoragePath.Parse("gs://no-such-bucket/exports/a.json"), new NonSeekableStream([1, 2]), "application/json"));

        Assert.Equal(StorageFailure.MissingBucket, failure.Failure);
        Assert.Equal("Bucket 'no-such-bucket' does not exist.", failure.Message);
    }

    [Fact]
    public async Task Reading_from_a_bucket_the_account_has_no_role_on_says_access_was_denied()
    {
        gcs.CreateBucketWithoutAccess("finance");
        gcs.Put("finance", "salaries.csv", [1]);

        var failure = await Assert.ThrowsAsync<StorageException>(() => backend.OpenReadAsync(StoragePath.Parse("gs://finance/salaries.csv")));

        Assert.Equal(StorageFailure.NoPermission, failure.Failure);
        Assert.StartsWith("Access to gs://finance/salaries.csv was denied: the service account lacks permission", failure.Message);
        Assert.Contains("storage.objects.get", failure.Message);
    }

    [Fact]
    public async Task Listing_follows_page_tokens_to_the_last_object()
    {
        for (var i = 0; i < 2500; i++)
        {
            gcs.Put("photos", $"set/{i:D4}.jpg", [1]);
        }

        var pages = new List<IReadOnlyList<StorageObject>>();
        await foreach (var page in backend.ListAsync(StoragePath.Parse("gs://photos/set/")))
        {
            pages.Add(page);
        }

        Assert.Equal(2500, pages.SelectMany(p => p).Select(o => o.Path.Key).Distinct().Count());
        Assert.Equal(3, pages.Count);
    }

    [Fact]
    public async Task Key_of_another_account_is_reported_as_wrong_credentials()
    {
        using var stranger = Plugin.CreateBackend(Settings(new ServiceAccountKey()), new StorageEnvironment());

        var result = await stranger.TestConnectionAsync(StoragePath.Parse("gs://photos/"));

        Assert.Equal(StorageFailure.WrongCredentials, result.Failure);
        Assert.Contains("refused the service account's credentials", result.Message);
        Assert.DoesNotContain("PRIVATE KEY", result.Message);
    }

    [Fact]
    public async Task Missing_bucket_is_reported_by_name()
    {
        var result = await backend.TestConnectionAsync(StoragePath.Parse("gs://no-such-bucket/"));

        Assert.Equal(StorageFailure.MissingBucket, result.Failure);
        Assert.Equal("Bucket 'no-such-bucket' does not exist.", result.Message);
    }

    [Fact]
    public async Task Bucket_the_account_has_no_role_on_is_reported_as_no_permission()
    {
        gcs.CreateBucketWithoutAccess("finance");

        var result = await backend.TestConnectionAsync(StoragePath.Parse("gs://finance/"));

        Assert.Equal(StorageFailure.NoPermission, result.Failure);
        Assert.StartsWith("Access to gs://finance/ was denied: the service account lacks permission", result.Message);
    }

    [Fact]
    public async Task Working_connection_test_says_so()
    {
        var result = await backend.TestConnectionAsync(StoragePath.Parse("gs://photos/2024/"));

        Assert.True(result.Succeeded, result.Message);
    }

    [Fact]
    public async Task Signed_url_is_fetchable_by_a_plain_http_client_and_refused_once_altered()
    {
        gcs.Put("photos", "private/dog 2.jpg", [4, 5, 6]);

        var url = await backend.GetBrowserUrlAsync(StoragePath.Parse("gs://photos/private/dog 2.jpg"), TimeSpan.FromMinutes(5));

        Assert.NotNull(url);
        Assert.Equal("http", url.Scheme);
        using var http = new HttpClient();
        Assert.Equal([4, 5, 6], await http.GetByteArrayAsync(url));
        var altered = url.ToString().Replace("X-Goog-Expires=300", "X-Goog-Expires=3000", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(altered)).StatusCode);
    }

    [Fact]
    public async Task Unreachable_endpoint_is_reported_with_its_address()
    {
        var closedPort = Labelit.TestSupport.S3.ServerProcess.FreeLoopbackPort();
        using var offline = Plugin.CreateBackend(
            Settings(account) with { Endpoint = $"http://127.0.0.1:{closedPort}" }, new StorageEnvironment());

        var result = await offline.TestConnectionAsync(StoragePath.Parse("gs://photos/"));

        Assert.Equal(StorageFailure.UnreachableEndpoint, result.Failure);
        Assert.Contains($"Cannot reach http://127.0.0.1:{closedPort}/", result.Message);
    }

    [Fact]
    public async Task Without_a_key_application_default_credentials_are_used_and_urls_are_not_signed()
    {
        var keyFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(keyFile, account.ToJson($"{gcs.Endpoint}/token"));
        try
        {
            using var environment = new EnvironmentVariables(new() { ["GOOGLE_APPLICATION_CREDENTIALS"] = keyFile });
            using var adc = Plugin.CreateBackend(new StorageSettings { Endpoint = gcs.Endpoint }, new StorageEnvironment());

            var result = await adc.TestConnectionAsync(StoragePath.Parse("gs://photos/"));

            Assert.True(result.Succeeded, result.Message);
            Assert.Null(await adc.GetBrowserUrlAsync(StoragePath.Parse("gs://photos/a.jpg"), TimeSpan.FromMinutes(5)));
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    [Fact]
    public void Settings_mistakes_are_explained()
    {
        var problems = Plugin.Validate(new StorageSettings { Endpoint = "storage.local", AccessKeyId = "AKIA", Secret = "{\"type\": \"authorized_user\"}" });

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("must be an absolute http:// or https:// URL"));
        Assert.Contains(problems, p => p.Contains("takes no access key id"));
        Assert.Contains(problems, p => p.Contains("must be a service-account JSON key"));
        Assert.Empty(Plugin.Validate(new StorageSettings()));
        Assert.Equal(["Endpoint 'https://gcs.example.internal/storage/v1/' must name only the host (like https://storage.example.internal), without a path."],
            Plugin.Validate(new StorageSettings { Endpoint = "https://gcs.example.internal/storage/v1/" }));
        Assert.Empty(Plugin.Validate(new StorageSettings { Endpoint = "https://gcs.example.internal:8443/" }));
    }

    private StorageSettings Settings(ServiceAccountKey key) =>
        new() { Endpoint = gcs.Endpoint, Secret = key.ToJson($"{gcs.Endpoint}/token") };
}
