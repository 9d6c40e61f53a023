using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Labelit.TestSupport;

namespace Labelit.DistributionBenchmark;

/// <summary>
/// End to end, in one run: a label-stream request of an annotator through Labelit's proxy when the
/// project is split against when everyone labels everything. One installation (the AppHost with the
/// LS stand-in, in its LS wire mode), one project and one LS; the mode is switched back and forth
/// between rounds so that both modes see the same machine load.
/// 2026-12-03 (load 15-23): split added +0.22 ms at p50 to next_task (1.62 -> 1.84 ms) and +0.17 ms to the
/// task list (1.72 -> 1.89 ms); the p95s were noise at that load. Table: src/Data/Distribution/README.md.
/// </summary>
public static class StreamLatency
{
    private const string Password = "a long enough password";
    private const string Slug = "stream";
    private const int Tasks = 2_000, Rounds = 4, RequestsPerRound = 100;

    public static async Task RunAsync()
    {
        var dataDirectory = TestDirectories.Create("labelit-bench-");
        var standIn = RepositoryPaths.Assembly("tests/LabelStudioStandIn", "Labelit.LabelStudioStandIn");
        await using (var host = AppHostProcess.Start(dataDirectory, new Dictionary<string, string>
        {
            ["Bootstrap__AdminEmail"] = "admin@example.com",
            ["Bootstrap__AdminPassword"] = Password,
            ["Instances__Command"] = $"dotnet {standIn} start --no-browser --port {{port}}",
            // Responses leave the stand-in as they leave LS's server (docs/label-studio-latency.md).
            ["Instances__Environment__STANDIN_WSGI_WIRE"] = "true",
            ["Logging__LogLevel__Default"] = "Warning",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        }))
        {
            var url = await host.WaitForAsync(@"Labelit is running: open (\S+)", TimeSpan.FromMinutes(3));
            await MeasureAsync(url);
            await host.StopAsync(TimeSpan.FromMinutes(3));
        }
        Directory.Delete(dataDirectory, recursive: true);
    }

    private static async Task MeasureAsync(string url)
    {
        var admin = new SignInClient(url);
        await admin.SignInAsync("admin@example.com", Password);
        using var api = new HttpClient { BaseAddress = new Uri(url) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await admin.CreateApiTokenAsync("benchmark"));
        var project = await PostForIdAsync(api, "/api/v1/projects/", new
        {
            name = "Stream",
            labelConfig = "<View><Text name=\"text\" value=\"$text\"/><Choices name=\"c\" toName=\"text\"><Choice value=\"A\"/></Choices></View>",
        });
        // Two annotators, each task to one of them: the measured annotator's share is half the tasks, in 1-2 id ranges.
        foreach (var email in new[] { "ann@example.com", "bob@example.com" })
        {
            var user = await PostForIdAsync(api, "/api/v1/users/", new { email, displayName = email.Split('@')[0], role = "Annotator", password = Password });
            (await api.PutAsync($"/api/v1/projects/{project}/annotators/{user}", null)).EnsureSuccessStatusCode();
        }
        var lsProject = await LsProjectIdAsync(admin.Http);
        var tasks = Enumerable.Range(1, Tasks).Select(i => new { data = new { text = $"sentence {i}" } });
        (await admin.Http.PostAsJsonAsync($"/projects/{Slug}/ls/api/projects/{lsProject}/import", tasks)).EnsureSuccessStatusCode();

        var ann = new SignInClient(url);
        await ann.SignInAsync("ann@example.com", Password);
        await LsProjectIdAsync(ann.Http); // their LS account is made at their first visit
        var list = $"/projects/{Slug}/ls/api/tasks?page=1&page_size=30&project={lsProject}";
        HttpRequestMessage Next() => new(HttpMethod.Post, $"/projects/{Slug}/ls/api/dm/actions?id=next_task&project={lsProject}")
        {
            Content = JsonContent.Create(new { ordering = Array.Empty<string>(), filters = new { conjunction = "and", items = Array.Empty<object>() } }),
        };

        Console.WriteLine();
        Console.WriteLine($"Label stream through Labelit's proxy, split (2 annotators, overlap 1) against everyone, one project of {Tasks:N0} tasks, " +
            $"{Rounds} alternating rounds of {RequestsPerRound} sequential requests per call and mode; load {Load()}");
        var calls = new (string Name, Func<HttpRequestMessage> Request)[]
        {
            ("POST dm/actions?id=next_task", Next),
            ("GET tasks?project=N", () => new HttpRequestMessage(HttpMethod.Get, list)),
        };
        var modes = new[] { "everyone", "split" };
        var times = calls.SelectMany(c => modes.Select(m => (c.Name, m))).ToDictionary(k => k, _ => new List<double>());
        for (var round = 0; round < Rounds; round++)
        {
            // Every other round starts with the other mode, so that neither always runs first.
            foreach (var mode in round % 2 == 0 ? modes : modes.Reverse())
            {
                (await api.PutAsJsonAsync($"/api/v1/projects/{project}/distribution/", new { mode, overlap = 1 })).EnsureSuccessStatusCode();
                // The first split waits for the Worker to learn of the imported tasks (within a minute);
                // the proxy has the new mode once the annotator's list holds their share.
                var total = await WaitForListTotalAsync(ann.Http, list, mode == "split" ? Tasks / 2 : Tasks);
                if (round == 0)
                    Console.WriteLine($"  {mode}: the annotator's task list holds {total:N0} tasks");
                foreach (var (name, request) in calls)
                    times[(name, mode)].AddRange(await SequentialLatency.TimeAsync(ann.Http, request, RequestsPerRound, warmUp: round == 0 ? 20 : 5));
            }
        }

        Console.WriteLine($"{"call",-30} {"mode",-9} {"p50 ms",8} {"p95 ms",8}");
        foreach (var (name, _) in calls)
        {
            var everyone = SequentialLatency.Summarise(name, times[(name, "everyone")]);
            var split = SequentialLatency.Summarise(name, times[(name, "split")]);
            Console.WriteLine($"{name,-30} {"everyone",-9} {everyone.P50Ms,8:0.00} {everyone.P95Ms,8:0.00}");
            Console.WriteLine($"{name,-30} {"split",-9} {split.P50Ms,8:0.00} {split.P95Ms,8:0.00}");
            Console.WriteLine($"{name,-30} {"added",-9} {split.P50Ms - everyone.P50Ms,8:+0.00;-0.00} {split.P95Ms - everyone.P95Ms,8:+0.00;-0.00}");
        }
        Console.WriteLine($"load at the end {Load()}");
    }

    private static string Load() => string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ')[..3]);

    private static async Task<long> PostForIdAsync(HttpClient api, string path, object body)
    {
        var response = await api.PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    /// <summary>The project's id in its LS, once LS has started (Labelit answers "Starting" until then).</summary>
    private static async Task<long> LsProjectIdAsync(HttpClient signedIn)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var response = await signedIn.GetAsync($"/projects/{Slug}/ls/api/projects/");
            if (response.IsSuccessStatusCode)
                return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0].GetProperty("id").GetInt64();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"LS answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(250);
        }
    }

    private static async Task<int> WaitForListTotalAsync(HttpClient signedIn, string list, int expected)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var total = (await signedIn.GetFromJsonAsync<JsonElement>(list)).GetProperty("total").GetInt32();
            if (total == expected)
                return total;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The annotator's list held {total} tasks, not {expected}, after 3 minutes.");
            await Task.Delay(500);
        }
    }
}
