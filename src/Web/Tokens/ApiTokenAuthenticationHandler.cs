using System.Text.Encodings.Web;
using Labelit.Web.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Labelit.Web.Tokens;

/// <summary>
/// Authenticates API calls carrying <c>Authorization: Bearer lbt_...</c>. The REST API accepts only
/// tokens, never the sign-in cookie, so a page on another site cannot make a browser call it (no CSRF).
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokenStore tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var token = header["Bearer ".Length..].Trim();
        var user = token.StartsWith(ApiTokenFormat.Prefix, StringComparison.Ordinal) ? await tokens.AuthenticateAsync(token, Context.RequestAborted) : null;
        return user is null
            ? AuthenticateResult.Fail("The API token is unknown, revoked, or its user is deactivated.")
            : AuthenticateResult.Success(new AuthenticationTicket(UserClaims.Principal(user, SchemeName), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Problem(statusCode: 401, title: "Unauthorized",
            detail: "Send a personal API token: Authorization: Bearer lbt_... (create one under Account > API tokens).")
            .ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Results.Problem(statusCode: 403, title: "Forbidden", detail: "Your role does not allow this.").ExecuteAsync(Context);
}
