using System.Net;
using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.Tests.Support;

namespace Labelit.LabelStudioStandIn.Tests;

public sealed class AuthenticationTests
{
    [Fact]
    public async Task An_api_call_without_credentials_gets_401_with_WWW_Authenticate_Token_and_a_json_error()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var client = standIn.CreateClient();

        using var response = await client.GetAsync("/api/projects/");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Token", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.ReadJsonAsync();
        Assert.Equal(401, body["status_code"]!.GetValue<int>());
        Assert.Contains("credentials were not provided", body["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Legacy_tokens_are_refused_while_they_are_not_enabled()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance(legacyTokens: false));
        using var client = standIn.CreateClient();

        using var viaAuthorization = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/projects/").WithToken(Settings.AdminToken));
        using var apiKeyRequest = new HttpRequestMessage(HttpMethod.Get, "/api/projects/");
        apiKeyRequest.Headers.Add("X-Api-Key", Settings.AdminToken);
        using var viaApiKey = await client.SendAsync(apiKeyRequest);

        Assert.Equal(HttpStatusCode.Unauthorized, viaAuthorization.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, viaApiKey.StatusCode);
    }

    [Fact]
    public async Task With_legacy_tokens_enabled_both_headers_authenticate_and_a_wrong_token_does_not()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var client = standIn.CreateClient();

        var viaAuthorization = await client.SendJsonAsync(HttpMethod.Get, "/api/current-user/whoami", Settings.AdminToken);
        using var apiKeyRequest = new HttpRequestMessage(HttpMethod.Get, "/api/current-user/whoami");
        apiKeyRequest.Headers.Add("X-Api-Key", Settings.AdminToken);
        using var viaApiKey = await client.SendAsync(apiKeyRequest);
        using var wrong = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/current-user/whoami").WithToken("wrong-token-123"));

        Assert.Equal(Settings.AdminEmail, viaAuthorization["email"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, viaApiKey.StatusCode);
        Assert.Equal(Settings.AdminEmail, (await viaApiKey.ReadJsonAsync())["email"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task A_session_cookie_authenticates_api_writes_without_an_X_CSRFToken()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance(legacyTokens: false));
        using var browser = new LsBrowser(standIn);
        using var login = await browser.LoginAsync(Settings.AdminEmail, Settings.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        using var created = await browser.Client.SendAsync(Http.Json(HttpMethod.Post, "/api/projects/",
            new JsonObject { ["title"] = "Session project", ["label_config"] = Settings.TextConfig }));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("Session project", (await created.ReadJsonAsync())["title"]!.GetValue<string>());
    }
}
