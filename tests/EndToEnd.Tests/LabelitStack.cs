using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Labelit.TestSupport;

namespace Labelit.EndToEnd.Tests;

/// <summary>
/// Labelit as a user runs it (the AppHost: PostgreSQL, Web, Worker), with the LS stand-in as the
/// `label-studio` command, and a team set up through the REST API: Mia manages "birds" and "cars";
/// Ann is assigned to both, Bob to cars only.
/// </summary>
public class LabelitStack : IAsyncLifetime
{
    public const string Password = "a long enough password";
    private readonly Dictionary<string, string> _tokens = [];
    private AppHostProcess _host = null!;

    public string Url { get; private set; } = "";

    /// <summary>The run's data folder (AppHost__DataDirectory): LS instances keep their data under instances/project-ID.</summary>
    public string DataDirectory { get; private set; } = "";

    /// <summary>The Aspire dashboard, whose telemetry API (open here: loopback, test only) shows the traces.</summary>
    public string DashboardUrl { get; private set; } = "";
    public Dictionary<string, long> UserIds { get; } = [];

    /// <summary>Extra settings for the AppHost (and so for Web and Worker).</summary>
    protected virtual Dictionary<string, string> Settings => [];

    public virtual async Task InitializeAsync()
    {
        DataDirectory = TestDirectories.Create("labelit-stack-");
        var standIn = RepositoryPaths.Assembly("tests/LabelStudioStandIn", "Labelit.LabelStudioStandIn");
        var environment = new Dictionary<string, string>(Settings)
        {
            ["Bootstrap__AdminEmail"] = "admin@example.com",
            ["Bootstrap__AdminPassword"] = Password,
            ["Instances__Command"] = $"dotnet {standIn} start --no-browser --port {{port}}",
            // Responses leave the stand-in as they leave LS's server (docs/label-studio-latency.md).
            ["Instances__Environment__STANDIN_WSGI_WIRE"] = "true",
            ["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true",
        };
        _host = AppHostProcess.Start(DataDirectory, environment);
        Url = await _host.WaitForAsync(@"Labelit is running: open (\S+)", TimeSpan.FromMinutes(3));
        DashboardUrl = new Uri(await _host.WaitForAsync(@"Now listening on: (\S+)", TimeSpan.FromSeconds(5))).GetLeftPart(UriPartial.Authority);
        _tokens["admin@example.com"] = await CreateTokenAsync("admin@example.com");
        UserIds["admin@example.com"] = (await Api("admin@example.com").GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetInt64();
        await SeedAsync();
    }

    protected virtual async Task SeedAsync()
    {
        await CreateUserAsync("mia@example.com", "Manager");
        await CreateUserAsync("ann@example.com", "Annotator");
        await CreateUserAsync("bob@example.com", "Annotator");
        _tokens["mia@example.com"] = await CreateTokenAsync("mia@example.com");
        var birds = await CreateProjectAsync("mia@example.com", "Birds");
        var cars = await CreateProjectAsync("mia@example.com", "Cars");
        await AssignAsync("mia@example.com", birds, "ann@example.com");
        await AssignAsync("mia@example.com", cars, "ann@example.com");
        await AssignAsync("mia@example.com", cars, "bob@example.com");
        await ImportTasksAsync("mia@example.com", "birds", 3);
        await ImportTasksAsync("mia@example.com", "cars", 3);
    }

    public HttpClient Api(string email)
    {
        var client = new HttpClient { BaseAddress = new Uri(Url) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _tokens[email]);
        return client;
    }

    /// <summary>A signed-in HttpClient (cookies kept, redirects not followed) for calls through the proxy.</summary>
    public async Task<HttpClient> SignedInAsync(string email)
    {
        var client = new SignInClient(Url);
        var page = await client.SignInAsync(email, Password);
        if (!page.Contains("Welcome", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{email} could not sign in.");
        }
        return client.Http;
    }

    /// <summary>The people of the stack's team by their names; anyone else is named after their email.</summary>
    private static readonly Dictionary<string, string> Names = new()
    {
        ["mia@example.com"] = "Mia Manager",
        ["ann@example.com"] = "Ann Annotator",
        ["bob@example.com"] = "Bob Annotator",
    };

    public async Task<long> CreateUserAsync(string email, string role)
    {
        var displayName = Names.GetValueOrDefault(email, email.Split('@')[0]);
        var response = await Api("admin@example.com").PostAsJsonAsync("/api/v1/users/", new { email, displayName, role, password = Password });
        response.EnsureSuccessStatusCode();
        return UserIds[email] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public async Task<long> CreateProjectAsync(string managerEmail, string name)
    {
        var response = await Api(managerEmail).PostAsJsonAsync("/api/v1/projects/", new
        {
            name,
            labelConfig = "<View><Text name=\"text\" value=\"$text\"/><Choices name=\"kind\" toName=\"text\"><Choice value=\"Common\"/><Choice value=\"Rare\"/></Choices></View>",
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public async Task AssignAsync(string managerEmail, long projectId, string annotatorEmail) =>
        (await Api(managerEmail).PutAsync($"/api/v1/projects/{projectId}/annotators/{UserIds[annotatorEmail]}", null)).EnsureSuccessStatusCode();

    /// <summary>Imports tasks through the proxy as the manager, once LS is up and their account works.</summary>
    public async Task ImportTasksAsync(string managerEmail, string slug, int count)
    {
        var manager = await SignedInAsync(managerEmail);
        var lsProjectId = await LsProjectIdAsync(manager, slug);
        var tasks = Enumerable.Range(1, count).Select(i => new { data = new { text = $"{slug} sighting {i}" } });
        var response = await manager.PostAsJsonAsync($"/projects/{slug}/ls/api/projects/{lsProjectId}/import", tasks);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>The project's id inside its LS, waiting (through "Starting" answers) until it is up.</summary>
    public static async Task<long> LsProjectIdAsync(HttpClient signedIn, string slug)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var response = await signedIn.GetAsync($"/projects/{slug}/ls/api/projects/");
            if (response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                return body.GetProperty("results")[0].GetProperty("id").GetInt64();
            }
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"LS of {slug} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
            await Task.Delay(250);
        }
    }

    /// <summary>Signs the person in and gives <see cref="Api"/> an API token of theirs.</summary>
    protected async Task IssueTokenAsync(string email) => _tokens[email] = await CreateTokenAsync(email);

    private async Task<string> CreateTokenAsync(string email)
    {
        var client = new SignInClient(Url);
        await client.SignInAsync(email, Password);
        return await client.CreateApiTokenAsync("end-to-end tests");
    }

    public virtual async Task DisposeAsync()
    {
        await using (_host)
        {
            await _host.StopAsync(TimeSpan.FromMinutes(1));
        }
        Directory.Delete(DataDirectory, recursive: true);
    }
}
