using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.Options;
using Labelit.LabelStudioStandIn.Storage;

namespace Labelit.LabelStudioStandIn.Auth;

/// <summary>
/// LS's personal access tokens: a long-lived JWT refresh token per user (POST /api/token/), traded
/// for a short-lived access token (POST /api/token/refresh/) that authenticates as
/// `Authorization: Bearer`. HS256-signed with a key derived from SECRET_KEY, like Django's
/// simple-jwt, so changing SECRET_KEY invalidates every token.
/// </summary>
public sealed class JwtTokens(StandInStore store, StandInOptions options, TimeProvider clock)
{
    private readonly byte[] _key = SHA256.HashData(Encoding.UTF8.GetBytes(
        options.SecretKey ?? store.Read(s => s.GeneratedSecretKey) ?? ""));

    /// <summary>Creates the user's personal access token; null when the user already has a valid one (LS: 409).</summary>
    public string? CreateRefreshToken(int userId)
    {
        var now = clock.GetUtcNow();
        return store.Write(state =>
        {
            if (state.PersonalTokens.Any(t => t.UserId == userId && !t.Revoked))
                return null;
            var jti = RandomTokens.Hex(32);
            state.PersonalTokens.Add(new PersonalTokenRecord { Jti = jti, UserId = userId, CreatedAt = now });
            return Sign(new JsonObject
            {
                ["token_type"] = "refresh",
                ["iat"] = now.ToUnixTimeSeconds(),
                ["jti"] = jti,
                ["user_id"] = userId,
            });
        });
    }

    /// <summary>A fresh access token for a valid, not revoked refresh token; null otherwise.</summary>
    public string? Refresh(string refreshToken)
    {
        var claims = Verify(refreshToken, "refresh");
        var jti = claims?["jti"]?.GetValue<string>();
        var userId = claims?["user_id"]?.GetValue<int>();
        var valid = jti is not null && store.Read(state =>
            state.PersonalTokens.Any(t => t.Jti == jti && t.UserId == userId && !t.Revoked)
            && state.Users.Any(u => u.Id == userId && u.IsActive));
        if (!valid)
            return null;
        var now = clock.GetUtcNow();
        return Sign(new JsonObject
        {
            ["token_type"] = "access",
            ["exp"] = (now + options.AccessTokenLifetime).ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["jti"] = RandomTokens.Hex(32),
            ["user_id"] = userId,
        });
    }

    /// <summary>Revokes a refresh token (POST /api/token/blacklist/); false when it was not valid.</summary>
    public bool Revoke(string refreshToken)
    {
        var jti = Verify(refreshToken, "refresh")?["jti"]?.GetValue<string>();
        return jti is not null && store.Write(state =>
        {
            var token = state.PersonalTokens.FirstOrDefault(t => t.Jti == jti && !t.Revoked);
            if (token is null)
                return false;
            token.Revoked = true;
            return true;
        });
    }

    /// <summary>The user id of a valid, unexpired access token.</summary>
    public int? AccessTokenUser(string accessToken)
    {
        var claims = Verify(accessToken, "access");
        if (claims?["exp"]?.GetValue<long>() is not { } exp || exp <= clock.GetUtcNow().ToUnixTimeSeconds())
            return null;
        return claims["user_id"]?.GetValue<int>();
    }

    private string Sign(JsonObject claims)
    {
        var header = Base64Url("""{"alg":"HS256","typ":"JWT"}"""u8.ToArray());
        var payload = Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = Base64Url(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    private JsonObject? Verify(string token, string expectedType)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
            return null;
        var expected = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
        try
        {
            if (!CryptographicOperations.FixedTimeEquals(expected, FromBase64Url(parts[2])))
                return null;
            var claims = JsonNode.Parse(FromBase64Url(parts[1])) as JsonObject;
            return claims?["token_type"]?.GetValue<string>() == expectedType ? claims : null;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + (4 - padded.Length % 4) % 4, '='));
    }
}
