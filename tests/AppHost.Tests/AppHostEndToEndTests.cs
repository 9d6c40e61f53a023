using System.Diagnostics;
using System.Net;
using Labelit.TestSupport;
using Xunit.Abstractions;

namespace Labelit.AppHost.Tests;

/// <summary>The Aspire AppHost run as a user runs it, with this machine's PostgreSQL and Redis.</summary>
public sealed class AppHostEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StopLimit = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Runs_under_Aspire_stops_cleanly_and_keeps_its_data_for_the_next_run()
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
                output.WriteLine($"First start (new cluster) to \"Labelit is running\": {firstStart.Elapsed.TotalSeconds:0.0} s");
                output.WriteLine($"AppHost, DCP and dashboard resident memory: {AspireFootprint.ResidentBytes(first.Id) / (1024.0 * 1024):0} MiB");
                Assert.Contains("No admin yet", first.Output);
                await AssertHealthyAsync(webUrl);
                var dashboard = await first.WaitForAsync(@"Login to the dashboard at (\S+)", TimeSpan.FromSeconds(5));
                using (var http = new HttpClient())
                {
                    Assert.True((await http.GetAsync(dashboard)).IsSuccessStatusCode, "The Aspire dashboard does not answer.");
                }

                var createAdmin = AppHostProcess.Start(dataDirectory, "create-admin", "--email", "boss@example.com");
                await using (createAdmin)
                {
                    await createAdmin.WriteLineAsync("a long enough password");
                    Assert.Equal(0, await createAdmin.WaitForExitAsync(StartLimit));
                    Assert.Contains("Admin boss@example.com created", createAdmin.Output);
                }

                var running = RunProcesses.Of(dataDirectory);
                output.WriteLine($"Processes of the run: {string.Join(", ", running.Select(p => p.Name).Order())}");
                foreach (var server in new[] { "postgres", "redis-server", "Labelit.Web", "Labelit.Worker", "dcp" })
                {
                    Assert.Contains(running, process => process.Name == server);
                }
                Assert.Equal(0, await first.StopAsync(StopLimit));
                output.WriteLine($"Ctrl+C to no process left: {await RunProcesses.WaitUntilNoneAsync(dataDirectory, StopLimit):0.0} s");
            }

            // A server left running (a killed run, or the old orchestrator's) is stopped, not fought over.
            var leftover = RunProcesses.StartClusterByHand(dataDirectory);

            // Second run: the same database, so the admin can sign in; nothing asks for an admin.
            var secondStart = Stopwatch.StartNew();
            var second = AppHostProcess.Start(dataDirectory);
            await using (second)
            {
                var webUrl = await second.WaitForAsync(@"Labelit is running: open (\S+)", StartLimit);
                output.WriteLine($"Second start (existing cluster) to \"Labelit is running\": {secondStart.Elapsed.TotalSeconds:0.0} s");
                Assert.Contains($"Stopping the PostgreSQL server an earlier run left on {dataDirectory}/postgres/data (pid {leftover})", second.Output);
                Assert.DoesNotContain("No admin yet", second.Output);

                var browser = new SignInClient(webUrl);
                Assert.Contains("Welcome, boss@example.com", await browser.SignInAsync("boss@example.com", "a long enough password"));

                Assert.Equal(0, await second.StopAsync(StopLimit));
                await RunProcesses.WaitUntilNoneAsync(dataDirectory, StopLimit);
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
        var host = AppHostProcess.Start(dataDirectory, new Dictionary<string, string> { ["AppHost__PostgresBinDirectory"] = "/nowhere/bin" });
        await using (host)
        {
            Assert.Equal(1, await host.WaitForExitAsync(StopLimit));
            Assert.Contains("AppHost:PostgresBinDirectory is '/nowhere/bin', but initdb and pg_ctl are not there", host.Output);
        }
        Directory.Delete(dataDirectory, recursive: true);
    }

    [Fact]
    public async Task A_data_folder_the_postgres_user_cannot_reach_is_named_with_what_to_do()
    {
        // As root the AppHost runs PostgreSQL as the postgres user; a folder closed to others (what mktemp -d makes) keeps it out.
        Assert.True(Environment.UserName == "root", "This test needs the tests to run as root, as CI does (sudo bash scripts/test.sh).");
        var closed = Directory.CreateTempSubdirectory("labelit-closed-").FullName; // made 0700, as mktemp -d does
        var host = AppHostProcess.Start(Path.Combine(closed, "data"));
        await using (host)
        {
            Assert.Equal(1, await host.WaitForExitAsync(StopLimit));
            Assert.Contains("PostgreSQL runs as the 'postgres' user here and cannot reach", host.Output);
            Assert.Contains("Choose a data folder that user can reach (AppHost__DataDirectory)", host.Output);
        }
        Directory.Delete(closed, recursive: true);
    }

    [Fact]
    public async Task An_unknown_server_mode_is_named_with_the_choices()
    {
        var dataDirectory = TestDirectories.Create("labelit-apphost-");
        var host = AppHostProcess.Start(dataDirectory, new Dictionary<string, string> { ["AppHost__Servers"] = "Cloud" });
        await using (host)
        {
            Assert.Equal(1, await host.WaitForExitAsync(StopLimit));
            Assert.Contains("AppHost:Servers is 'Cloud'; it must be Auto, Container or Local.", host.Output);
        }
        Directory.Delete(dataDirectory, recursive: true);
    }

    [Fact]
    public async Task A_web_port_in_use_is_named_with_what_to_do_and_nothing_starts()
    {
        var dataDirectory = TestDirectories.Create("labelit-apphost-");
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var host = AppHostProcess.Start(dataDirectory, new Dictionary<string, string> { ["AppHost__WebPort"] = port.ToString() });
        await using (host)
        {
            Assert.Equal(1, await host.WaitForExitAsync(StopLimit));
            Assert.Contains($"AppHost:WebPort {port} is in use by another program on 127.0.0.1: stop that program, choose another port", host.Output);
        }
        Assert.Empty(RunProcesses.Of(dataDirectory));
        Directory.Delete(dataDirectory, recursive: true);
    }

    private static async Task AssertHealthyAsync(string url)
    {
        using var http = new HttpClient();
        var response = await http.GetAsync(url + "/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"database\":{\"status\":\"Healthy\"", await response.Content.ReadAsStringAsync());
    }
}
