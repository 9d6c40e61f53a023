using System.Collections.Concurrent;
using System.Text.Json.Serialization;

namespace Labelit.Web.Proxy;

/// <summary>A person's signed-in session in one Label Studio, kept on the server, never sent to the browser.</summary>
public sealed record LabelStudioSession(string SessionId, string CsrfToken)
{
    [JsonIgnore]
    public string CookieHeader => $"sessionid={SessionId}; csrftoken={CsrfToken}";
}

/// <summary>
/// The sign-in bridge: each person's LS session per person and instance, so two projects open side by
/// side never overwrite each other's LS cookies. Kept in this process for speed (a proxied request
/// never waits on Redis once the session is here), and shared through Redis with the other Web
/// processes, so that only the first of them signs the person in to LS.
/// </summary>
public sealed class LabelStudioSessions(LabelStudioSignIn signIn, SharedLabelStudioSessions shared)
{
    private readonly ConcurrentDictionary<SessionKey, Lazy<Task<LabelStudioSession?>>> _sessions = new();

    public readonly record struct SessionKey(long UserId, long ProjectId, string Address);

    /// <summary>The person's LS session, signing in when there is none; null when they have no LS account yet.</summary>
    public async Task<LabelStudioSession?> GetAsync(SessionKey key, CancellationToken cancellationToken)
    {
        // Shared by every request waiting for it, so not cancelled when the first one is.
        var lazy = _sessions.GetOrAdd(key, k => new Lazy<Task<LabelStudioSession?>>(() => FindOrSignInAsync(k)));
        var session = await lazy.Value.WaitAsync(cancellationToken);
        if (session is null)
        {
            _sessions.TryRemove(KeyValuePair.Create(key, lazy)); // try again next time, e.g. once the account exists
        }
        return session;
    }

    /// <summary>LS no longer accepts the session (expired, or the instance restarted with a fresh database).</summary>
    public async Task ForgetAsync(SessionKey key, LabelStudioSession rejected)
    {
        // Only the rejected one: a concurrent request may already have put a fresh session here.
        if (_sessions.TryGetValue(key, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully && lazy.Value.Result == rejected)
        {
            _sessions.TryRemove(KeyValuePair.Create(key, lazy));
        }
        await shared.ForgetAsync(key, rejected);
    }

    /// <summary>LS rotated a cookie in a response: keep the new value for the next request, here and in Redis.</summary>
    public async Task UpdateAsync(SessionKey key, LabelStudioSession current, IEnumerable<string> setCookies)
    {
        var updated = current;
        foreach (var header in setCookies)
        {
            var (name, value) = SetCookies.Parse(header);
            updated = name switch
            {
                "sessionid" when value.Length > 0 => updated with { SessionId = value },
                "csrftoken" when value.Length > 0 => updated with { CsrfToken = value },
                _ => updated,
            };
        }
        // LS resends unchanged cookies on many responses (Django renews their expiry): only a change is written.
        if (updated != current)
        {
            _sessions[key] = new Lazy<Task<LabelStudioSession?>>(Task.FromResult<LabelStudioSession?>(updated));
            await shared.SaveAsync(key, updated);
        }
    }

    private async Task<LabelStudioSession?> FindOrSignInAsync(SessionKey key)
    {
        if (await shared.FindAsync(key) is { } stored)
        {
            return stored;
        }
        var session = await signIn.SignInAsync(key, CancellationToken.None);
        if (session is not null)
        {
            await shared.SaveAsync(key, session);
        }
        return session;
    }
}
