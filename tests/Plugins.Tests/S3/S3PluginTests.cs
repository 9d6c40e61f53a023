using Labelit.TestSupport.S3;
using Labelit.Plugins.S3;
using Labelit.Plugins.Tests.Servers;

namespace Labelit.Plugins.Tests.S3;

/// <summary>What the S3 plugin says without a server to talk to.</summary>
public sealed class S3PluginTests
{
    private static readonly S3StoragePlugin Plugin = new();

    [Fact]
    public async Task Unreachable_endpoint_is_reported_with_its_address()
    {
        // Bound but never listening, for the whole test: connections are refused and no other process can take the port.
        using var closed = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        closed.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var port = ((System.Net.IPEndPoint)closed.LocalEndPoint!).Port;
        using var backend = Plugin.CreateBackend(
            new StorageSettings { Endpoint = $"http://127.0.0.1:{port}", ForcePathStyle = true, AccessKeyId = "k", Secret = "s" },
            new StorageEnvironment());

        var result = await backend.TestConnectionAsync(StoragePath.Parse("s3://photos/"));
        var reading = await Assert.ThrowsAsync<StorageException>(() => backend.OpenReadAsync(StoragePath.Parse("s3://photos/a.jpg")));

        Assert.Equal(StorageFailure.UnreachableEndpoint, result.Failure);
        Assert.Contains($"Cannot reach http://127.0.0.1:{port} (", result.Message);
        Assert.Equal(StorageFailure.UnreachableEndpoint, reading.Failure);
    }

    [Fact]
    public void Settings_mistakes_are_explained_one_sentence_each()
    {
        var problems = Plugin.Validate(new StorageSettings
        {
            Endpoint = "minio.internal:9000",
            Region = "Europe West",
            AccessKeyId = "AKIA123",
            Options = new Dictionary<string, string> { ["compatibilityMode"] = "yes", ["pathStyle"] = "true" },
        });

        Assert.Equal(
        [
            "Endpoint 'minio.internal:9000' must be an absolute http:// or https:// URL, e.g. http://minio.internal:9000.",
            "Region 'Europe West' is not a region name such as eu-west-1.",
            "Give both an access key id and a secret key, or neither to use the default AWS credential chain.",
            "Option compatibilityMode must be true or false, not 'yes'.",
            "Unknown S3 option 'pathStyle'; the only option is compatibilityMode.",
        ], problems);
    }

    [Fact]
    public void Aws_needs_a_region_and_custom_endpoints_do_not()
    {
        Assert.Equal(["Region is required for AWS S3 (e.g. eu-west-1); or give the Endpoint of an S3-compatible server."],
            Plugin.Validate(new StorageSettings()));
        Assert.Empty(Plugin.Validate(new StorageSettings { Region = "eu-west-1" }));
        Assert.Empty(Plugin.Validate(new StorageSettings { Endpoint = "https://s3.example.internal" }));
    }

    [Fact]
    public void Creating_a_backend_from_invalid_settings_throws_the_same_explanation()
    {
        var error = Assert.Throws<ArgumentException>(() => Plugin.CreateBackend(new StorageSettings(), new StorageEnvironment()));

        Assert.StartsWith("Region is required for AWS S3", error.Message);
    }
}
