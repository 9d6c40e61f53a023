using System.Net;

namespace Labelit.Web.Tests;

/// <summary>The jobs dashboard while Redis is away: an admin reads what happened and what to do, not a server error.</summary>
public sealed class JobsDashboardTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task Without_redis_an_admin_is_told_the_jobs_are_unreachable_and_what_to_do()
    {
        var admin = await app.SignedInAsync(app.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/jobs")).StatusCode);

        await app.Redis.StopAsync();
        // The Redis client notices the closed connection a moment after the server is gone.
        var response = await admin.GetAsync("/admin/jobs");
        for (var attempt = 0; response.StatusCode != HttpStatusCode.ServiceUnavailable && attempt < 50; attempt++)
        {
            await Task.Delay(200);
            response = await admin.GetAsync("/admin/jobs");
        }
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var words = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("The background jobs are kept in Redis, which does not answer right now", words);
        Assert.Contains("check the redis resource in the Aspire dashboard", words);

        // Everyone else still gets the answer their role gets, whatever Redis is doing.
        var manager = await app.SignedInAsync(app.ManagerOwner);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("/admin/jobs")).StatusCode);
    }
}
