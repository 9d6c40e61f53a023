using Labelit.LabelStudioStandIn.Options;
using Labelit.LabelStudioStandIn.Storage;

namespace Labelit.LabelStudioStandIn.Auth;

/// <summary>The result of looking at a request's credentials, in DRF's terms.</summary>
public abstract record AuthOutcome
{
    public sealed record Authenticated(UserRecord User) : AuthOutcome;
    public sealed record NoCredentials : AuthOutcome;
    public sealed record Failed(string Detail) : AuthOutcome;
}

/// <summary>
/// LS's API authentication order: a legacy token (Authorization: Token, or X-Api-Key) when
/// legacy tokens are enabled, then the session cookie. Session calls need no X-CSRFToken.
/// </summary>
public sealed class Authenticator(StandInStore store, StandInOptions options, JwtTokens jwt, TimeProvider clock)
{
    public const string SessionCookie = "sessionid";
    private static readonly TimeSpan SessionLifetime = TimeSpan.FromDays(14);

    public AuthOutcome AuthenticateApi(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        var apiKey = request.Headers["X-Api-Key"].ToString();
        if (authorization.StartsWith("Token ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateToken(authorization["Token ".Length..].Trim());
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateAccessToken(authorization["Bearer ".Length..].Trim());
        if (apiKey.Length > 0)
            return AuthenticateToken(apiKey.Trim());
        return SessionUser(request) is { } user ? new AuthOutcome.Authenticated(user) : new AuthOutcome.NoCredentials();
    }

    public UserRecord? SessionUser(HttpRequest request)
    {
        var key = request.Cookies[SessionCookie];
        if (string.IsNullOrEmpty(key))
            return null;
        var now = clock.GetUtcNow();
        return store.Read(state =>
        {
            var session = state.Sessions.FirstOrDefault(s => s.Key == key && s.ExpiresAt > now);
            return session is null ? null : state.Users.FirstOrDefault(u => u.Id == session.UserId && u.IsActive);
        });
    }

    /// <summary>
    /// Django's login: a new session key (the anonymous one is dropped) and a new CSRF secret. The
    /// cookie lasts only as long as the browser unless the form asked to persist the session.
    /// </summary>
    public void SignIn(HttpRequest request, HttpResponse response, int userId, bool persist)
    {
        DropSession(request);
        var key = NewSession(userId);
        response.Cookies.Append(SessionCookie, key, SessionCookieOptions(persist ? clock.GetUtcNow() + SessionLifetime : null));
        CsrfProtection.SetCookie(response, RandomTokens.Alphanumeric(CsrfProtection.SecretLength));
    }

    /// <summary>
    /// LS's SetSessionUIDMiddleware puts a uid in every session, so any answer to a request without a
    /// session cookie sets one. Such a session signs nobody in, so the stand-in stores nothing for it.
    /// </summary>
    public void EnsureAnonymousSession(HttpRequest request, HttpResponse response)
    {
        if (string.IsNullOrEmpty(request.Cookies[SessionCookie]) && !response.Headers.SetCookie.Any(c => c?.StartsWith(SessionCookie + "=", StringComparison.Ordinal) == true))
            response.Cookies.Append(SessionCookie, RandomTokens.Alphanumeric(32), SessionCookieOptions(clock.GetUtcNow() + SessionLifetime));
    }

    private string NewSession(int userId)
    {
        var key = RandomTokens.Alphanumeric(32);
        var expires = clock.GetUtcNow() + SessionLifetime;
        store.Write(state =>
        {
            state.Sessions.RemoveAll(s => s.ExpiresAt <= clock.GetUtcNow());
            state.Sessions.Add(new SessionRecord { Key = key, UserId = userId, ExpiresAt = expires });
            return 0;
        });
        return key;
    }

    private void DropSession(HttpRequest request)
    {
        var key = request.Cookies[SessionCookie];
        if (!string.IsNullOrEmpty(key))
            store.Write(state => state.Sessions.RemoveAll(s => s.Key == key));
    }

    private static CookieOptions SessionCookieOptions(DateTimeOffset? expires) => new()
    {
        Path = "/", // LS always scopes its cookies to "/", whatever the prefix (LS issue #5094)
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Expires = expires,
    };

    public void SignOut(HttpRequest request, HttpResponse response)
    {
        DropSession(request);
        response.Cookies.Delete(SessionCookie, new CookieOptions { Path = "/" });
    }

    private AuthOutcome AuthenticateAccessToken(string token)
    {
        var userId = jwt.AccessTokenUser(token);
        var user = userId is null ? null : store.Read(state => state.Users.FirstOrDefault(u => u.Id == userId && u.IsActive));
        return user is null ? new AuthOutcome.Failed("Given token not valid for any token type") : new AuthOutcome.Authenticated(user);
    }

    // DRF looks the token up first: an unknown one is "Invalid token." whether or not legacy tokens are on.
    private AuthOutcome AuthenticateToken(string token)
    {
        var user = store.Read(state => state.Users.FirstOrDefault(u => u.IsActive && u.ApiToken == token));
        if (user is null)
            return new AuthOutcome.Failed("Invalid token.");
        return options.EnableLegacyApiToken
            ? new AuthOutcome.Authenticated(user)
            : new AuthOutcome.Failed("Authentication token no longer valid: legacy token authentication has been disabled for this organization");
    }
}
