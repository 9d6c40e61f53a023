using System.Diagnostics;
using System.Net;
using Labelit.TestSupport;
using Xunit.Abstractions;

namespace Labelit.AppHost.Tests;

public sealed class AppHostEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StopLimit = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Runs_stops_cleanly_and_keeps_its_data_for_the_next_run()
    {
        var dataDirectory = TestDirectories.Create("labelit-apphost-");
        try
        {
            // First run: everything comes up healthy; an admin is added from the command line.
            var firstStart = Stopwatch.StartNew();
            var first = AppHostProcess.Start(dataDirectory);
            await using (first)
            {
                var webUrl = await first.WaitForAsync(@"Labelit is running: open (\S+)", StartLimit);
                output.WriteLine($"First start (new cluster) to ready: {firstStart.Elapsed.TotalSeconds:0.0} s");
                var workerUrl = await first.WaitForAsync(@"worker is healthy at (\S+)", TimeSpan.FromSeconds(5));
                Assert.Contains("No admin yet", first.Output);
                await AssertHealthyAsync(webUrl, workerUrl);

                var createAdmin = AppHostProcess.Start(dataDirectory, "create-admin", "--email", "boss@example.com");
                await using (createAdmin)
                {
                    await createAdmin.WriteLineAsync("a long enough password");
                    Assert.Equal(0, await createAdmin.WaitForExitAsync(StartLimit));
                    Assert.Contains("Admin boss@example.com created", createAdmin.Output);
                }

                // A crashed service is reported and restarted.
                var web = ChildProcesses(first, dataDirectory).Single(pid => CommandLine(pid).Contains("Labelit.Web.dll"));
                Process.GetProcessById(web).Kill();
                await first.WaitForAsync(@"web exited with code \S+; restarting", TimeSpan.FromSeconds(30));
                await AssertHealthyAsync(TimeSpan.FromSeconds(60), webUrl);

                var leftovers = ChildProcesses(first, dataDirectory);
                Assert.Equal(0, await first.StopAsync(StopLimit));
                AssertAllExited(leftovers);
            }

            // Second run: the same database, so the admin can sign in; nothing asks for an admin.
            var secondStart = Stopwatch.StartNew();
            var second = AppHostProcess.Start(dataDirectory);
            await using (second)
            {
                var webUrl = await second.WaitForAsync(@"Labelit is running: open (\S+)", StartLimit);
                output.WriteLine($"Second start (existing cluster) to ready: {secondStart.Elapsed.TotalSeconds:0.0} s");
                Assert.DoesNotContain("No admin yet", second.Output);

                var browser = new SignInClient(webUrl);
                Assert.Contains("Welcome, boss@example.com", await browser.SignInAsync("boss@example.com", "a long enough password"));

                var leftovers = ChildProcesses(second, dataDirectory);
                Assert.Equal(0, await second.StopAsync(StopLimit));
                AssertAllExited(leftovers);
            }
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Without_postgres_binaries_it_says_what_to_install_and_exits()
    {
        var dataDirectory = TestDirectories.Create("labelit-apphost-");
        var host = AppHostProcess.Start(dataDirectory, new Dictionary<string, string> { ["Postgres__BinDirectory"] = "/nowhere/bin" });
        await using (host)
        {
            Assert.Equal(1, await host.WaitForExitAsync(StopLimit));
            Assert.Contains("Postgres:BinDirectory is '/nowhere/bin', but initdb and pg_ctl are not there", host.Output);
        }
        Directory.Delete(dataDirectory, recursive: true);
    }

    /// <summary>Waits up to <paramref name="limit"/> for the service to answer /health again.</summary>
    private static async Task AssertHealthyAsync(TimeSpan limit, string url)
    {
        var deadline = DateTime.UtcNow + limit;
        using var http = new HttpClient();
        while (true)
        {
            try
            {
                if ((await http.GetAsync(url + "/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            Assert.True(DateTime.UtcNow < deadline, $"{url} did not come back after its crash.");
            await Task.Delay(250);
        }
    }

    private static string CommandLine(int pid) =>
        File.Exists($"/proc/{pid}/cmdline") ? File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ') : "";

    private static async Task AssertHealthyAsync(params string[] urls)
    {
        using var http = new HttpClient();
        foreach (var url in urls)
        {
            var response = await http.GetAsync(url + "/health");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("\"database\":{\"status\":\"Healthy\"", await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>The AppHost's children and the PostgreSQL server it runs: none may outlive it.</summary>
    private static List<int> ChildProcesses(AppHostProcess host, string dataDirectory)
    {
        var children = Directory.GetDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => int.TryParse(name, out _))
            .Select(int.Parse!)
            .Where(pid => ParentOf(pid) == host.Id)
            .ToList();
        var postmaster = File.ReadLines(Path.Combine(dataDirectory, "postgres", "data", "postmaster.pid")).First();
        children.Add(int.Parse(postmaster));
        Assert.True(children.Count >= 3, $"Expected web, worker and postgres; found {children.Count} processes.");
        return children;
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (name) state ppid ..."; the name may contain spaces, so split after ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void AssertAllExited(List<int> processIds)
    {
        foreach (var pid in processIds)
        {
            var alive = File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ");
            Assert.False(alive, $"Process {pid} outlived the AppHost.");
        }
    }
}
