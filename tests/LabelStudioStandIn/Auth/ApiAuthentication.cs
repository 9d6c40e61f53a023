using Labelit.LabelStudioStandIn.Serialization;
using Labelit.LabelStudioStandIn.Storage;

namespace Labelit.LabelStudioStandIn.Auth;

/// <summary>Marks an API endpoint that LS serves without a signed-in user (DRF AllowAny).</summary>
public sealed class AllowAnonymousApiAttribute : Attribute;

public static class ApiAuthentication
{
    private const string UserKey = "standin.user";

    /// <summary>
    /// Authenticates every endpoint of the group like DRF: bad credentials are always refused,
    /// missing ones only where the endpoint needs a user. Refusals are 401 with
    /// WWW-Authenticate: Token and LS's JSON error body.
    /// </summary>
    public static RouteGroupBuilder RequireLsAuthentication(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var outcome = http.RequestServices.GetRequiredService<Authenticator>().AuthenticateApi(http.Request);
            var allowAnonymous = http.GetEndpoint()?.Metadata.GetMetadata<AllowAnonymousApiAttribute>() is not null;
            switch (outcome)
            {
                case AuthOutcome.Authenticated authenticated:
                    http.Items[UserKey] = authenticated.User;
                    return await next(context);
                case AuthOutcome.Failed failed:
                    return Unauthorized(http, failed.Detail);
                default:
                    return allowAnonymous ? await next(context) : Unauthorized(http, "Authentication credentials were not provided.");
            }
        });

    public static UserRecord CurrentUser(this HttpContext context) =>
        context.Items[UserKey] as UserRecord
        ?? throw new InvalidOperationException("The endpoint is not behind RequireLsAuthentication.");

    private static IResult Unauthorized(HttpContext http, string detail)
    {
        http.Response.Headers.WWWAuthenticate = "Token";
        return LsErrors.Api(StatusCodes.Status401Unauthorized, detail);
    }
}
