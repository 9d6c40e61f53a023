using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Labelit.TestSupport;
using Labelit.Web.Accounts;
using Labelit.Web.Projects;
using Labelit.Web.Tokens;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Labelit.Web.Tests;

/// <summary>
/// The real Web app on a fresh PostgreSQL database, with one of each kind of person and a project
/// managed by <see cref="ManagerOwner"/> with <see cref="AnnotatorAssigned"/> on it.
/// </summary>
public sealed class WebAppFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "a long enough password";
    private string _connectionString = "";
    private TestRedis _redis = null!;

    public User Admin { get; private set; } = null!;
    public User ManagerOwner { get; private set; } = null!;
    public User ManagerOther { get; private set; } = null!;
    public User AnnotatorAssigned { get; private set; } = null!;
    public User AnnotatorOther { get; private set; } = null!;
    public User Deactivated { get; private set; } = null!;
    public Project Project { get; private set; } = null!;
    public Dictionary<long, string> Tokens { get; } = [];

    public string ConnectionString => _connectionString;

    /// <summary>The Redis the Web reads its job dashboard and shared LS sessions from.</summary>
    public TestRedis Redis => _redis;

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync("web");
        _redis = await TestRedis.StartAsync();
        // The Web's Redis client connects in the background; pages that read Redis (the jobs dashboard)
        // would otherwise race its first handshake.
        var multiplexer = Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>();
        for (var waited = 0; !multiplexer.IsConnected && waited < 100; waited++)
            await Task.Delay(100);
        var users = Services.GetRequiredService<UserStore>();
        Admin = await CreateUserAsync("admin@example.com", Roles.Admin);
        ManagerOwner = await CreateUserAsync("owner@example.com", Roles.Manager);
        ManagerOther = await CreateUserAsync("other-manager@example.com", Roles.Manager);
        AnnotatorAssigned = await CreateUserAsync("assigned@example.com", Roles.Annotator);
        AnnotatorOther = await CreateUserAsync("unassigned@example.com", Roles.Annotator);
        Deactivated = await CreateUserAsync("gone@example.com", Roles.Annotator);

        var projects = Services.GetRequiredService<ProjectStore>();
        (_, var project) = await projects.CreateAsync(new Project
        {
            Name = "Street signs",
            Slug = "street-signs",
            LabelConfig = Pages.Projects.CreateModel.SampleConfig,
            ManagerId = ManagerOwner.Id,
        });
        Project = project!;
        await projects.AssignAsync(Project.Id, AnnotatorAssigned.Id, ManagerOwner.Id);
        await projects.AssignAsync(Project.Id, Deactivated.Id, ManagerOwner.Id);

        var tokens = Services.GetRequiredService<ApiTokenStore>();
        foreach (var user in new[] { Admin, ManagerOwner, ManagerOther, AnnotatorAssigned, AnnotatorOther, Deactivated })
        {
            Tokens[user.Id] = (await tokens.CreateAsync(user.Id, "tests")).Plaintext;
        }

        // Signed in and given a token while active, then deactivated: both must stop working at once.
        DeactivatedBrowser = await SignedInAsync(Deactivated);
        await users.UpdateAsync(Deactivated.Id, Deactivated.DisplayName, Deactivated.Role, isActive: false, Deactivated.Version);
    }

    /// <summary>A browser that signed in as <see cref="Deactivated"/> before the deactivation.</summary>
    public HttpClient DeactivatedBrowser { get; private set; } = null!;

    public async Task<User> CreateUserAsync(string email, string role)
    {
        var user = new User { Email = email, DisplayName = email.Split('@')[0], Role = role };
        user = user with { PasswordHash = new PasswordHasher<User>().HashPassword(user, Password) };
        return (await Services.GetRequiredService<UserStore>().CreateAsync(user))!;
    }

    /// <summary>A browser-like client: cookies kept, redirects not followed (so tests see them).</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<HttpClient> SignedInAsync(User user)
    {
        var client = Browser();
        var form = await client.GetStringAsync("/account/sign-in");
        var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = user.Email,
            ["Password"] = Password,
            ["__RequestVerificationToken"] = SignInClient.AntiforgeryToken(form),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public HttpClient WithToken(User? user)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens[user.Id]);
        }
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:labelit", _connectionString);
        builder.UseSetting("ConnectionStrings:redis", _redis.ConnectionString);
        builder.UseSetting("DataProtection:MasterKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        builder.UseEnvironment("Production");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _redis.DisposeAsync();
    }
}
