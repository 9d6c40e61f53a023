using Labelit.TestSupport.Oidc;
using Labelit.Web.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Labelit.Web.Tests.Provider;

/// <summary>
/// The Web of <see cref="WebAppFixture"/> (its database and people) set up to sign in through the real
/// test provider: people of team.example and example.com in the "labellers" group get in, the group
/// "labelit-managers" maps to Manager, the others are annotators. The clock can be moved forward.
/// </summary>
public sealed class ProviderSignInFixture : IAsyncLifetime
{
    public WebAppFixture Base { get; } = new();
    public TestOpenIdProvider Provider { get; private set; } = null!;
    public WebApplicationFactory<Program> Web { get; private set; } = null!;
    public MovableClock Clock { get; } = new();

    public async Task InitializeAsync()
    {
        await Base.InitializeAsync();
        Provider = await TestOpenIdProvider.StartAsync();
        Web = WithProvider(Provider.Authority);
    }

    /// <summary>The same Web set up with another authority (the impostor's).</summary>
    public WebApplicationFactory<Program> WithProvider(string authority, params (string Key, string Value)[] extra) => Base.WithWebHostBuilder(builder =>
    {
        var settings = Provider.Settings(authority);
        foreach (var (key, value) in extra)
            settings[key] = value;
        settings.TryAdd("Oidc:AllowedEmailDomains:0", "team.example");
        settings.TryAdd("Oidc:AllowedEmailDomains:1", "example.com");
        settings.TryAdd("Oidc:AllowedGroups:0", "labellers");
        settings.TryAdd("Oidc:RoleMappings:0:Claim", "groups");
        settings.TryAdd("Oidc:RoleMappings:0:Value", "labelit-managers");
        settings.TryAdd("Oidc:RoleMappings:0:Role", Roles.Manager);
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    });

    public Task<User?> FindUserAsync(string email) => Base.Services.GetRequiredService<UserStore>().FindByEmailAsync(email);

    async Task IAsyncLifetime.DisposeAsync()
    {
        await ((IAsyncLifetime)Base).DisposeAsync();
        if (Provider is not null)
            await Provider.DisposeAsync();
    }

    /// <summary>The system clock, moved forward by what a test asks.</summary>
    public sealed class MovableClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
    }
}
