using System.Net.Http.Json;
using System.Text.Json;
using Labelit.TestSupport.Gcs;

namespace Labelit.EndToEnd.Tests;

/// <summary>
/// Labelit plus Google Cloud Storage (the in-repo fake of its JSON API, which checks the JWTs the
/// service account's key signs) holding one bucket, reached through a GCS storage connection the
/// admin sets up with a service-account key. Mia manages the projects, Ann labels them, Bob is on none.
/// </summary>
public sealed class GcsDatasetStack : LabelitStack
{
    public const string Bucket = "labelit-field-photos";

    /// <summary>Reads <c>$photo</c>, not the usual <c>$image</c>: the tasks must carry the key the config names.</summary>
    public const string PhotoConfig = """
        <View><Image name="photo" value="$photo"/><Choices name="bird" toName="photo"><Choice value="Heron"/><Choice value="Gull"/></Choices></View>
        """;

    /// <summary>The service account the bucket trusts.</summary>
    public ServiceAccountKey Account { get; } = new();

    public FakeGcsServer Gcs { get; private set; } = null!;
    public long ConnectionId { get; private set; }

    protected override async Task SeedAsync()
    {
        Gcs = await FakeGcsServer.StartAsync(Account.Key, ServiceAccountKey.ClientEmail);
        // Small pages, so that a sync of a few dozen objects follows GCS page tokens as a large bucket would.
        Gcs.PageSize = 10;
        Gcs.CreateBucket(Bucket);
        await CreateUserAsync("mia@example.com", "Manager");
        await CreateUserAsync("ann@example.com", "Annotator");
        await CreateUserAsync("bob@example.com", "Annotator");
        await IssueTokenAsync("mia@example.com");
        ConnectionId = await CreateConnectionAsync("Field photos bucket", Account);
    }

    /// <summary>A GCS connection as an admin enters it: the fake's URL as endpoint, the key file's JSON as secret.</summary>
    public async Task<long> CreateConnectionAsync(string name, ServiceAccountKey account, string mediaDelivery = "labelit")
    {
        var response = await Api("admin@example.com").PostAsJsonAsync("/api/v1/storage-connections/", new
        {
            name,
            kind = "gcs",
            endpoint = Gcs.Endpoint,
            secret = account.ToJson($"{Gcs.Endpoint}/token"),
            mediaDelivery,
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Gcs is not null)
        {
            await Gcs.DisposeAsync();
        }
    }
}
