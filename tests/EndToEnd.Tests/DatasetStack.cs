using System.Net.Http.Json;
using System.Text.Json;
using Labelit.TestSupport.S3;

namespace Labelit.EndToEnd.Tests;

/// <summary>
/// Labelit plus a real S3 server (fauxqs) holding a bucket of images, reached through an S3 storage
/// connection the admin sets up. Mia manages the "photos" project, Ann labels it, Bob is on no project.
/// </summary>
public sealed class DatasetStack : LabelitStack
{
    public const string ImageConfig = """
        <View><Image name="image" value="$image"/><Choices name="kind" toName="image"><Choice value="Bird"/><Choice value="Empty"/></Choices></View>
        """;

    public S3Server S3 { get; private set; } = null!;
    public string Bucket { get; private set; } = "";
    public long ConnectionId { get; private set; }

    protected override async Task SeedAsync()
    {
        S3 = await FauxqsServer.StartAsync();
        Bucket = await S3.CreateBucketAsync();
        await CreateUserAsync("mia@example.com", "Manager");
        await CreateUserAsync("ann@example.com", "Annotator");
        await CreateUserAsync("bob@example.com", "Annotator");
        await IssueTokenAsync("mia@example.com");

        var connection = await Api("admin@example.com").PostAsJsonAsync("/api/v1/storage-connections/", new
        {
            name = "Team bucket",
            kind = "s3",
            endpoint = S3.Endpoint,
            forcePathStyle = true,
            accessKeyId = S3.AccessKeyId,
            secret = S3.SecretKey,
        });
        connection.EnsureSuccessStatusCode();
        ConnectionId = (await connection.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await S3.DisposeAsync();
    }
}
