using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.Auth;
using Labelit.LabelStudioStandIn.Serialization;
using Labelit.LabelStudioStandIn.Storage;

namespace Labelit.LabelStudioStandIn.Apis;

/// <summary>Personal access tokens (JWT): create and list them as a signed-in user.</summary>
public static class TokensApi
{
    public static RouteGroupBuilder MapTokensApi(this RouteGroupBuilder api)
    {
        api.MapGet("token/", (HttpContext http, StandInStore store) => UsersApi.Json(store.Read(state =>
            new JsonArray(state.PersonalTokens.Where(t => t.UserId == http.CurrentUser().Id && !t.Revoked)
                .Select(t => (JsonNode)new JsonObject
                {
                    ["token"] = t.Jti[..8] + "...",
                    ["created_at"] = LsJson.Time(t.CreatedAt),
                    ["expires_at"] = null,
                }).ToArray()))));
        api.MapPost("token/", (HttpContext http, JwtTokens jwt, TimeProvider clock) =>
            jwt.CreateRefreshToken(http.CurrentUser().Id) is { } token
                ? UsersApi.Json(new JsonObject
                {
                    ["token"] = token,
                    ["created_at"] = LsJson.Time(clock.GetUtcNow()),
                    ["expires_at"] = null,
                }, StatusCodes.Status201Created)
                : LsErrors.Api(StatusCodes.Status409Conflict, "You already have a valid token. Please revoke it before creating a new one."));
        return api;
    }

    /// <summary>
    /// Refresh and revoke take the refresh token in the body and, like simple-jwt's views, look at
    /// no other credentials: they are mapped outside the authenticated group.
    /// </summary>
    public static RouteGroupBuilder MapTokenExchangeApi(this RouteGroupBuilder api)
    {
        api.MapPost("token/refresh/", async (HttpRequest request, JwtTokens jwt) =>
        {
            var (body, error) = await RequestBody.ReadObjectAsync(request);
            if (error is not null)
                return error;
            if (body.String("refresh") is not { Length: > 0 } refresh)
                return LsErrors.Validation("refresh", "This field is required.");
            return jwt.Refresh(refresh) is { } access
                ? UsersApi.Json(new JsonObject { ["access"] = access })
                : LsErrors.Api(StatusCodes.Status401Unauthorized, "Token is invalid or expired");
        });
        api.MapPost("token/blacklist/", async (HttpRequest request, JwtTokens jwt) =>
        {
            var (body, error) = await RequestBody.ReadObjectAsync(request);
            if (error is not null)
                return error;
            return jwt.Revoke(body.String("refresh") ?? "")
                ? Results.NoContent()
                : UsersApi.Json(new JsonObject { ["detail"] = "Token is invalid or already blacklisted." }, StatusCodes.Status404NotFound);
        });
        return api;
    }
}
