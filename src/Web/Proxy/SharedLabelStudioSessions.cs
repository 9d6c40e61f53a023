using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using StackExchange.Redis;

namespace Labelit.Web.Proxy;

/// <summary>
/// LS sessions as every Web process sees them: in Redis, encrypted with Labelit's Data Protection key
/// ring (shared by all Labelit processes through PostgreSQL), so a second Web, or this one restarted,
/// reuses a person's session instead of signing them in to LS again. Redis helps but is never needed:
/// when it is missing or down every call answers "nothing shared" and the proxy goes on in memory.
/// </summary>
public sealed class SharedLabelStudioSessions(IServiceProvider services, IDataProtectionProvider protection, ILogger<SharedLabelStudioSessions> logger)
{
    public const string KeyPrefix = "labelit:ls-sessions:";

    /// <summary>Shorter than LS's own two weeks, so a session nobody uses does not linger; each write starts it again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private static readonly TimeSpan ReconnectInterval = TimeSpan.FromMinutes(1);
    private readonly IDataProtector _protector = protection.CreateProtector("Labelit.Web.Proxy.LabelStudioSessions.v1");
    private IConnectionMultiplexer? _redis;
    private long _nextConnectAttempt;
    private int _unavailable;

    public static string RedisKey(LabelStudioSessions.SessionKey key) => $"{KeyPrefix}{key.UserId}:{key.ProjectId}:{key.Address}";

    public async Task<LabelStudioSession?> FindAsync(LabelStudioSessions.SessionKey key)
    {
        var stored = await RunAsync(database => database.StringGetAsync(RedisKey(key)));
        return Unprotect(stored);
    }

    public Task SaveAsync(LabelStudioSessions.SessionKey key, LabelStudioSession session) =>
        RunAsync(database => database.StringSetAsync(RedisKey(key), _protector.Protect(JsonSerializer.Serialize(session)), Lifetime));

    /// <summary>Removes the session LS rejected, unless another Web has already stored a fresh one in its place.</summary>
    public Task ForgetAsync(LabelStudioSessions.SessionKey key, LabelStudioSession rejected) =>
        RunAsync(async database =>
        {
            var redisKey = RedisKey(key);
            var stored = await database.StringGetAsync(redisKey);
            if (stored.IsNullOrEmpty || (Unprotect(stored) is { } session && session != rejected))
            {
                return false;
            }
            var removal = database.CreateTransaction();
            removal.AddCondition(Condition.StringEqual(redisKey, stored));
            _ = removal.KeyDeleteAsync(redisKey);
            return await removal.ExecuteAsync();
        });

    private LabelStudioSession? Unprotect(RedisValue stored)
    {
        if (stored.IsNullOrEmpty)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<LabelStudioSession>(_protector.Unprotect(stored.ToString()));
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException or JsonException)
        {
            // A key since removed from the ring, or a value not ours: as good as no session.
            return null;
        }
    }

    private async Task<T?> RunAsync<T>(Func<IDatabase, Task<T>> command)
    {
        if (Database() is not { } database)
        {
            return default;
        }
        try
        {
            var result = await command(database);
            if (Interlocked.Exchange(ref _unavailable, 0) == 1)
            {
                logger.LogInformation("Redis answers again: Label Studio sessions are shared between Web processes again");
            }
            return result;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            ReportUnavailable(exception.Message);
            return default;
        }
    }

    /// <summary>Null while Redis is missing or disconnected: a request never waits for a connection timeout here.</summary>
    private IDatabase? Database()
    {
        var redis = _redis ?? Connect();
        if (redis is null)
        {
            return null;
        }
        if (!redis.IsConnected)
        {
            ReportUnavailable("not connected");
            return null;
        }
        return redis.GetDatabase();
    }

    /// <summary>Aspire's client is registered only when Labelit has a Redis, and may fail to connect when it is down at start.</summary>
    private IConnectionMultiplexer? Connect()
    {
        var now = Environment.TickCount64;
        if (now < Interlocked.Read(ref _nextConnectAttempt))
        {
            return null;
        }
        Interlocked.Exchange(ref _nextConnectAttempt, now + (long)ReconnectInterval.TotalMilliseconds);
        try
        {
            _redis = services.GetService<IConnectionMultiplexer>();
            if (_redis is null)
            {
                ReportUnavailable("no Redis is configured (ConnectionStrings:redis)");
            }
            return _redis;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            ReportUnavailable(exception.Message);
            return null;
        }
    }

    private void ReportUnavailable(string reason)
    {
        if (Interlocked.Exchange(ref _unavailable, 1) == 0)
        {
            logger.LogWarning("Label Studio sessions are kept in this Web process only ({Reason}): another Web, or this one after a restart, signs people in to Label Studio again", reason);
        }
    }
}
