namespace Labelit.Web.Tests;

public sealed class StoragePluginsPageTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task Admins_see_the_shipped_plugins_loaded_with_their_storage_schemes()
    {
        var admin = await app.SignedInAsync(app.Admin);

        var page = await admin.GetStringAsync("/admin/storage");

        Assert.Contains("s3://", page);
        Assert.Contains("gs://", page);
        Assert.Contains("file://", page);
        Assert.DoesNotContain(">Failed<", page);
    }

    [Fact]
    public async Task Health_names_the_plugin_check()
    {
        var health = await app.CreateClient().GetStringAsync("/health");
        Assert.Contains("\"storage-plugins\":{\"status\":\"Healthy\"", health);
    }
}
