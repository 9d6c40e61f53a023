using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.Tests.Support;

namespace Labelit.LabelStudioStandIn.Tests;

/// <summary>LS's default API credentials: a personal access token traded for short-lived Bearer tokens.</summary>
public sealed class PersonalAccessTokenTests
{
    [Fact]
    public async Task A_personal_access_token_refreshes_into_a_bearer_token_that_authenticates_until_it_expires()
    {
        await using var standIn = await StandInProcess.StartAsync(
            Settings.Instance(legacyTokens: false, ("STANDIN_JWT_ACCESS_TTL_SECONDS", "2")));
        using var browser = new LsBrowser(standIn);
        using var login = await browser.LoginAsync(Settings.AdminEmail, Settings.AdminPassword);
        using var created = await browser.Client.PostAsync("/api/token/", null);
        using var second = await browser.Client.PostAsync("/api/token/", null);
        var personalToken = (await created.ReadJsonAsync())["token"]!.GetValue<string>();
        using var api = standIn.CreateClient();

        using var refreshed = await api.SendAsync(Http.Json(HttpMethod.Post, "/api/token/refresh/", new JsonObject { ["refresh"] = personalToken }));
        var access = (await refreshed.ReadJsonAsync())["access"]!.GetValue<string>();
        using var withBearer = await WhoAmI(api, access);
        await Task.Delay(TimeSpan.FromSeconds(3));
        using var expired = await WhoAmI(api, access);
        using var refreshWithAccess = await api.SendAsync(Http.Json(HttpMethod.Post, "/api/token/refresh/", new JsonObject { ["refresh"] = access }));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withBearer.StatusCode);
        Assert.Equal(Settings.AdminEmail, (await withBearer.ReadJsonAsync())["email"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refreshWithAccess.StatusCode);
    }

    [Fact]
    public async Task A_revoked_or_forged_personal_access_token_gets_no_access_token()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var api = standIn.CreateClient();
        var personalToken = (await api.SendJsonAsync(HttpMethod.Post, "/api/token/", Settings.AdminToken, new JsonObject(), 201))["token"]!.GetValue<string>();
        var parts = personalToken.Split('.');
        var forged = $"{parts[0]}.{parts[1]}.{new string('A', parts[2].Length)}";

        using var forgedRefresh = await api.SendAsync(Http.Json(HttpMethod.Post, "/api/token/refresh/", new JsonObject { ["refresh"] = forged }));
        using var revoke = await api.SendAsync(Http.Json(HttpMethod.Post, "/api/token/blacklist/", new JsonObject { ["refresh"] = personalToken }));
        using var revokedRefresh = await api.SendAsync(Http.Json(HttpMethod.Post, "/api/token/refresh/", new JsonObject { ["refresh"] = personalToken }));

        Assert.Equal(HttpStatusCode.Unauthorized, forgedRefresh.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, revokedRefresh.StatusCode);
    }

    private static Task<HttpResponseMessage> WhoAmI(HttpClient client, string accessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/current-user/whoami");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client.SendAsync(request);
    }
}
