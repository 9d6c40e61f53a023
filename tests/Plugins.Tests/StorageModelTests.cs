namespace Labelit.Plugins.Tests;

public sealed class StorageModelTests
{
    [Theory]
    [InlineData("s3://photos/2024/cat #1.jpg?x", "s3", "photos", "2024/cat #1.jpg?x")]
    [InlineData("GS://photos", "gs", "photos", "")]
    [InlineData("file:///srv/data/a.jpg", "file", "", "srv/data/a.jpg")]
    public void Storage_uris_keep_their_keys_literally(string uri, string scheme, string bucket, string key)
    {
        var path = StoragePath.Parse(uri);

        Assert.Equal(new StoragePath(scheme, bucket, key), path);
    }

    [Theory]
    [InlineData("photos/2024", "'photos/2024' is not a storage URI: expected scheme://bucket/path, for example s3://my-bucket/images/.")]
    [InlineData("://photos", "'://photos' is not a storage URI: expected scheme://bucket/path, for example s3://my-bucket/images/.")]
    [InlineData("1s3://photos", "'1s3://photos' is not a storage URI: '1s3' is not a valid scheme.")]
    [InlineData("s3://photos/a\nb", "'s3://photos/a\nb' is not a storage URI: it contains control characters.")]
    public void Malformed_uris_are_refused_with_the_reason(string uri, string message)
    {
        var error = Assert.Throws<StorageException>(() => StoragePath.Parse(uri));

        Assert.Equal(StorageFailure.InvalidLocation, error.Failure);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Settings_never_print_their_secret()
    {
        var settings = new StorageSettings { Endpoint = "http://s3.local", AccessKeyId = "AKIA1", Secret = "very-secret-key" };

        Assert.DoesNotContain("very-secret-key", settings.ToString());
        Assert.Contains("AccessKeyId = AKIA1", settings.ToString());
        Assert.Contains("Secret = ***", settings.ToString());
    }

    [Fact]
    public void Host_sdk_version_is_the_package_version()
    {
        Assert.Equal(new Version(1, 0, 0, 0), PluginManifest.HostSdkVersion);
    }
}
