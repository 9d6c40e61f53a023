using System.Diagnostics;
using Labelit.TestSupport;
using Labelit.Web.Proxy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Labelit.Web.Tests;

/// <summary>LS sessions in Redis: encrypted, and never in the way of a request when Redis is gone.</summary>
public sealed class SharedLabelStudioSessionsTests
{
    private static readonly LabelStudioSessions.SessionKey Ann = new(7, 3, "http://127.0.0.1:41000");
    private static readonly LabelStudioSession Session = new("s3ss10nk3yOfAnn", "csrfS3cretOfAnn");

    private static SharedLabelStudioSessions Shared(IServiceProvider services, IDataProtectionProvider protection) =>
        new(services, protection, NullLogger<SharedLabelStudioSessions>.Instance);

    [Fact]
    public async Task A_session_saved_by_one_Web_is_found_by_another_and_is_not_readable_in_Redis()
    {
        await using var redis = await TestRedis.StartAsync();
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var services = new ServiceCollection().AddSingleton<IConnectionMultiplexer>(connection).BuildServiceProvider();
        var keyRing = new EphemeralDataProtectionProvider(); // one key ring, as all Labelit processes share theirs

        await Shared(services, keyRing).SaveAsync(Ann, Session);

        Assert.Equal(Session, await Shared(services, keyRing).FindAsync(Ann));
        var stored = (string?)await connection.GetDatabase().StringGetAsync(SharedLabelStudioSessions.RedisKey(Ann));
        Assert.DoesNotContain(Session.SessionId, stored);
        Assert.DoesNotContain(Session.CsrfToken, stored);
        Assert.InRange((await connection.GetDatabase().KeyTimeToLiveAsync(SharedLabelStudioSessions.RedisKey(Ann)))!.Value, TimeSpan.FromHours(11), TimeSpan.FromHours(12));
    }

    [Fact]
    public async Task Only_the_rejected_session_is_forgotten_not_a_fresh_one_another_Web_stored()
    {
        await using var redis = await TestRedis.StartAsync();
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var shared = Shared(new ServiceCollection().AddSingleton<IConnectionMultiplexer>(connection).BuildServiceProvider(), new EphemeralDataProtectionProvider());
        var fresh = Session with { SessionId = "fr3shS3ss10n" };

        await shared.SaveAsync(Ann, fresh);
        await shared.ForgetAsync(Ann, Session);
        Assert.Equal(fresh, await shared.FindAsync(Ann));

        await shared.ForgetAsync(Ann, fresh);
        Assert.Null(await shared.FindAsync(Ann));
    }

    [Fact]
    public async Task Without_Redis_or_with_Redis_down_nothing_is_shared_and_nothing_fails_or_waits()
    {
        await using var redis = await TestRedis.StartAsync();
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",abortConnect=false");
        await redis.DisposeAsync(); // Redis stops while Web runs
        // What is measured is the Web once its Redis client knows the server is gone (a moment after).
        for (var waited = 0; connection.IsConnected && waited < 100; waited++)
            await Task.Delay(100);
        var down = Shared(new ServiceCollection().AddSingleton<IConnectionMultiplexer>(connection).BuildServiceProvider(), new EphemeralDataProtectionProvider());
        var missing = Shared(new ServiceCollection().BuildServiceProvider(), new EphemeralDataProtectionProvider());

        var watch = Stopwatch.StartNew();
        foreach (var shared in new[] { down, missing })
        {
            await shared.SaveAsync(Ann, Session);
            Assert.Null(await shared.FindAsync(Ann));
            await shared.ForgetAsync(Ann, Session);
        }

        // Far below the 5 s a command would wait for a Redis that is not there.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }
}
