using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Labelit.Data.Instances;

namespace Labelit.Web.Proxy;

/// <summary>A person's signed-in session in one Label Studio, kept on the server, never sent to the browser.</summary>
public sealed record LabelStudioSession(string SessionId, string CsrfToken)
{
    public string CookieHeader => $"sessionid={SessionId}; csrftoken={CsrfToken}";
}

/// <summary>
/// The sign-in bridge: signs each person in to their project's LS with their own LS account (LS's
/// CSRF + form login; LS has no header or SSO login) and keeps the session here, per person and
/// instance, so two projects open side by side never overwrite each other's LS cookies.
/// </summary>
public sealed partial class LabelStudioSessions(InstanceStore instances, HttpMessageInvoker http, ILogger<LabelStudioSessions> logger)
{
    private readonly ConcurrentDictionary<SessionKey, Lazy<Task<LabelStudioSession?>>> _sessions = new();

    public readonly record struct SessionKey(long UserId, long ProjectId, string Address);

    /// <summary>The person's LS session, signing in when there is none; null when they have no LS account yet.</summary>
    public async Task<LabelStudioSession?> GetAsync(SessionKey key, CancellationToken cancellationToken)
    {
        var lazy = _sessions.GetOrAdd(key, k => new Lazy<Task<LabelStudioSession?>>(() => SignInAsync(k, CancellationToken.None)));
        var session = await lazy.Value.WaitAsync(cancellationToken);
        if (session is null)
        {
            _sessions.TryRemove(KeyValuePair.Create(key, lazy)); // try again next time, e.g. once the account exists
        }
        return session;
    }

    /// <summary>LS no longer accepts the session (expired, or the instance restarted with a fresh database).</summary>
    public void Forget(SessionKey key) => _sessions.TryRemove(key, out _);

    /// <summary>LS rotated a cookie in a response: keep the new value for the next request.</summary>
    public void Update(SessionKey key, LabelStudioSession current, IEnumerable<string> setCookies)
    {
        var updated = current;
        foreach (var header in setCookies)
        {
            var (name, value) = ParseSetCookie(header);
            updated = name switch
            {
                "sessionid" when value.Length > 0 => updated with { SessionId = value },
                "csrftoken" when value.Length > 0 => updated with { CsrfToken = value },
                _ => updated,
            };
        }
        if (updated != current)
        {
            _sessions[key] = new Lazy<Task<LabelStudioSession?>>(Task.FromResult<LabelStudioSession?>(updated));
        }
    }

    private async Task<LabelStudioSession?> SignInAsync(SessionKey key, CancellationToken cancellationToken)
    {
        var credentials = await instances.GetCredentialsAsync(key.ProjectId, key.UserId, cancellationToken);
        if (credentials is null)
        {
            return null;
        }

        using var form = new HttpRequestMessage(HttpMethod.Get, $"{key.Address}/user/login/");
        using var formResponse = await http.SendAsync(form, cancellationToken);
        var csrf = Cookies(formResponse).GetValueOrDefault("csrftoken");
        if (csrf is null)
        {
            logger.LogWarning("Label Studio at {Address} gave no CSRF cookie on its login page ({Status})", key.Address, (int)formResponse.StatusCode);
            return null;
        }

        using var login = new HttpRequestMessage(HttpMethod.Post, $"{key.Address}/user/login/")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = credentials.Email,
                ["password"] = credentials.Password,
                ["csrfmiddlewaretoken"] = csrf,
            }),
        };
        login.Headers.Add("Cookie", $"csrftoken={csrf}");
        login.Headers.Referrer = new Uri($"{key.Address}/user/login/");
        using var loginResponse = await http.SendAsync(login, cancellationToken);
        var cookies = Cookies(loginResponse);
        if (loginResponse.StatusCode is not (HttpStatusCode.Found or HttpStatusCode.SeeOther) || !cookies.TryGetValue("sessionid", out var sessionId))
        {
            // LS answers a wrong password with the form again (200) and no session.
            logger.LogWarning("Label Studio at {Address} refused the sign-in of user {UserId} ({Status})", key.Address, key.UserId, (int)loginResponse.StatusCode);
            return null;
        }
        return new LabelStudioSession(sessionId, cookies.GetValueOrDefault("csrftoken", csrf));
    }

    private static Dictionary<string, string> Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Select(ParseSetCookie).Where(c => c.Value.Length > 0).GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.Last().Value)
            : [];

    private static (string Name, string Value) ParseSetCookie(string header)
    {
        var match = SetCookiePattern().Match(header);
        return match.Success ? (match.Groups[1].Value, match.Groups[2].Value.Trim('"')) : ("", "");
    }

    [GeneratedRegex(@"^\s*([^=;\s]+)=([^;]*)")]
    private static partial Regex SetCookiePattern();
}
