using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Labelit.TestSupport;

namespace Labelit.EndToEnd.Tests;

/// <summary>Two Web processes behind one address, on one Redis, share each person's Label Studio session.</summary>
public sealed class SharedSessionTests(LabelitStack labelit) : IClassFixture<LabelitStack>
{
    [Fact]
    public async Task A_second_Web_and_a_restarted_one_serve_a_person_s_Label_Studio_without_signing_in_to_it_again()
    {
        await labelit.CreateUserAsync("sam@example.com", "Annotator");
        var birds = await ProjectIdAsync("birds");
        await labelit.AssignAsync("mia@example.com", birds, "sam@example.com");
        var sam = new SignInClient(labelit.Url);
        await sam.SignInAsync("sam@example.com", LabelitStack.Password);
        var lsProjectId = await LabelitStack.LsProjectIdAsync(sam.Http, "birds"); // the first Web signs Sam in to LS
        // LS also signed Sam in when the Worker made his account (Django's signup does): counted from here.
        var signedIn = LabelStudioSessionsOf("sam@example.com", birds);

        // Sam's Labelit cookie (the key ring is shared) goes to the second Web: same host, another port.
        var environment = AnotherWeb.EnvironmentOfRunningWeb(labelit.DataDirectory);
        var secondUrl = AnotherWeb.UrlBeside(labelit.Url);
        await using (var second = await AnotherWeb.StartAsync(environment, secondUrl))
        {
            await AssertServedAsync(sam, secondUrl, lsProjectId);
        }
        Assert.Equal(signedIn, LabelStudioSessionsOf("sam@example.com", birds)); // the second Web did not sign Sam in again
        await using (var restarted = await AnotherWeb.StartAsync(environment, secondUrl))
        {
            await AssertServedAsync(sam, secondUrl, lsProjectId);
        }

        Assert.Equal(signedIn, LabelStudioSessionsOf("sam@example.com", birds)); // nor did it once restarted
        var stored = RedisCli(environment["ConnectionStrings__redis"], "GET", StoredKey(labelit.UserIds["sam@example.com"], birds));
        Assert.NotEmpty(stored);
        Assert.All(signedIn, session => Assert.DoesNotContain(session, stored));
        Assert.DoesNotContain("SessionId", stored);
    }

    /// <summary>Sam's LS page and LS's idea of who is asking, through the given Web.</summary>
    private static async Task AssertServedAsync(SignInClient sam, string webUrl, long lsProjectId)
    {
        using var web = new HttpClient(sam.Handler, disposeHandler: false) { BaseAddress = new Uri(webUrl) };
        var page = await web.GetAsync($"/projects/birds/ls/projects/{lsProjectId}/data");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var whoami = await web.GetFromJsonAsync<JsonElement>("/projects/birds/ls/api/current-user/whoami");
        Assert.Equal("sam@example.com", whoami.GetProperty("email").GetString());
    }

    /// <summary>
    /// The sessions the project's LS keeps for the person (LS keeps one per sign-in, in its database;
    /// the stand-in in its state file): how many times Labelit signed them in.
    /// </summary>
    private List<string> LabelStudioSessionsOf(string email, long projectId)
    {
        var path = Path.Combine(labelit.DataDirectory, "instances", $"project-{projectId}", "standin-state.json");
        var state = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
        var userId = state.GetProperty("users").EnumerateArray().Single(u => u.GetProperty("email").GetString() == email).GetProperty("id").GetInt32();
        return state.GetProperty("sessions").EnumerateArray()
            .Where(s => s.GetProperty("user_id").GetInt32() == userId)
            .Select(s => s.GetProperty("key").GetString()!)
            .ToList();
    }

    /// <summary>The Redis key of the person's session in the project (its address part is the instance's, found by pattern).</summary>
    private static string StoredKey(long userId, long projectId) => $"labelit:ls-sessions:{userId}:{projectId}:*";

    /// <summary>redis-cli against the run's Redis; a key with a * is looked up by pattern first.</summary>
    private static string RedisCli(string connectionString, string command, string key)
    {
        var parts = connectionString.Split(',');
        var (host, port) = (parts[0].Split(':')[0], parts[0].Split(':')[1]);
        var password = parts.Select(p => p.Split('=', 2)).FirstOrDefault(p => p[0] == "password")?[1];
        string Run(params string[] arguments)
        {
            var start = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in (string[])["-h", host, "-p", port, .. password is null ? [] : new[] { "--no-auth-warning", "-a", password }, .. arguments])
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return output.Trim();
        }
        var found = key.Contains('*') ? Run("--scan", "--pattern", key) : key;
        Assert.False(string.IsNullOrEmpty(found) || found.Contains('\n'), $"Expected one Redis key matching {key}, found: {found}");
        return Run(command, found);
    }

    private async Task<long> ProjectIdAsync(string slug) =>
        (await labelit.Api("mia@example.com").GetFromJsonAsync<JsonElement>("/api/v1/projects/")).EnumerateArray()
            .Single(p => p.GetProperty("slug").GetString() == slug).GetProperty("id").GetInt64();
}
