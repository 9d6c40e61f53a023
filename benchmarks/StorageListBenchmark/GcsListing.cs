using Google.Apis.Auth.OAuth2;
using Google.Cloud.Storage.V1;
using Labelit.Plugins;
using Labelit.Plugins.Hosting;
using Labelit.TestSupport.Gcs;

namespace Labelit.Benchmarks.StorageList;

/// <summary>
/// StorageClient.ListObjectsAsync against the GCS plugin, on the in-repo fake of GCS's JSON API. The
/// fake is not Google: this measures what the plugin adds over the client library, not Google's speed.
/// </summary>
internal static class GcsListing
{
    private const string Bucket = "benchmark";

    // What the plugin asks for (plugins/Gcs/GcsStorageBackend.cs, ListedFields), so both read the same pages;
    // neither sets a page size, so both get the server's default of 1000.
    private const string PluginListedFields = "items(name,size,generation,updated),nextPageToken";

    public static async Task RunAsync(StoragePluginRegistry plugins, int objectCount, int rounds)
    {
        var account = new ServiceAccountKey();
        await using var gcs = await FakeGcsServer.StartAsync(account.Key, ServiceAccountKey.ClientEmail);
        gcs.CreateBucket(Bucket);
        for (var i = 0; i < objectCount; i++)
        {
            gcs.Put(Bucket, $"data/{i:D6}.txt", [(byte)'x'], "text/plain");
        }

        var key = account.ToJson($"{gcs.Endpoint}/token");
        // Built as the plugin builds its client (GcsConnection), with the same key and endpoint.
        using var raw = await new StorageClientBuilder
        {
            BaseUri = gcs.Endpoint.TrimEnd('/') + "/storage/v1/",
            GoogleCredential = CredentialFactory.FromJson<ServiceAccountCredential>(key).ToGoogleCredential(),
        }.BuildAsync();
        using var plugin = plugins.CreateBackend("gcs", new StorageSettings { Endpoint = gcs.Endpoint, Secret = key });
        await ListingComparison.RunAsync("fake GCS", objectCount, rounds,
            () => CountObjectsRawAsync(raw, "data/"), plugin, StoragePath.Parse($"gs://{Bucket}/data/"));
    }

    private static async Task<int> CountObjectsRawAsync(StorageClient client, string prefix)
    {
        var count = 0;
        await foreach (var page in client.ListObjectsAsync(Bucket, prefix, new ListObjectsOptions { Fields = PluginListedFields }).AsRawResponses())
        {
            count += page.Items?.Count ?? 0;
        }

        return count;
    }
}
