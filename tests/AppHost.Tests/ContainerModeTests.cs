using System.Diagnostics;
using Labelit.AppHost.Servers;
using Labelit.TestSupport;
using Xunit.Abstractions;

namespace Labelit.AppHost.Tests;

/// <summary>
/// The AppHost with PostgreSQL and Redis as Aspire's own container resources, under podman, from the
/// local images scripts/deps/aspire-images.sh builds under the names Aspire asks for.
/// </summary>
public sealed class ContainerModeTests(ITestOutputHelper output)
{
    private const string ContainersConf = "/var/tmp/labelit-podman/containers.conf";
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan StopLimit = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Postgres_and_redis_run_as_aspire_containers_with_volumes_that_keep_the_data_for_the_next_run()
    {
        var missing = Podman("image", "exists", "docker.io/library/postgres:15").ExitCode != 0
            || Podman("image", "exists", "docker.io/library/redis:7.0").ExitCode != 0;
        Assert.False(missing, "podman or the local PostgreSQL/Redis images are missing: run scripts/deps/aspire-images.sh (as root).");

        var dataDirectory = TestDirectories.Create("labelit-containers-");
        var settings = new Dictionary<string, string>
        {
            ["AppHost__Servers"] = "Container",
            ["ASPIRE_CONTAINER_RUNTIME"] = "podman",
            ["CONTAINERS_CONF"] = ContainersConf,
        };
        try
        {
            var firstStart = Stopwatch.StartNew();
            var first = AppHostProcess.Start(dataDirectory, settings);
            await using (first)
            {
                var url = await first.WaitForAsync(@"Labelit is running: open (\S+)", StartLimit);
                output.WriteLine($"First start (new volumes) to \"Labelit is running\": {firstStart.Elapsed.TotalSeconds:0.0} s");
                output.WriteLine($"AppHost, DCP and dashboard resident memory: {AspireFootprint.ResidentBytes(first.Id) / (1024.0 * 1024):0} MiB");
                using (var http = new HttpClient())
                {
                    var health = await http.GetStringAsync(url + "/health");
                    Assert.Contains("\"database\":{\"status\":\"Healthy\"", health);
                    Assert.Contains("\"StackExchange.Redis\":{\"status\":\"Healthy\"", health);
                }
                var createAdmin = AppHostProcess.Start(dataDirectory, settings, "create-admin", "--email", "boss@example.com");
                await using (createAdmin)
                {
                    await createAdmin.WriteLineAsync("a long enough password");
                    Assert.Equal(0, await createAdmin.WaitForExitAsync(StartLimit));
                }
                Assert.Equal("OK", RedisCli(dataDirectory, "SET", "labelit-test", "kept"));

                Assert.Equal(0, await first.StopAsync(StopLimit));
                output.WriteLine($"Ctrl+C to no process left: {await RunProcesses.WaitUntilNoneAsync(dataDirectory, StopLimit):0.0} s");
                await WaitUntilNoContainerAsync();
            }

            var secondStart = Stopwatch.StartNew();
            var second = AppHostProcess.Start(dataDirectory, settings);
            await using (second)
            {
                var url = await second.WaitForAsync(@"Labelit is running: open (\S+)", StartLimit);
                output.WriteLine($"Second start (existing volumes) to \"Labelit is running\": {secondStart.Elapsed.TotalSeconds:0.0} s");
                Assert.Contains("Welcome, boss@example.com", await new SignInClient(url).SignInAsync("boss@example.com", "a long enough password"));
                Assert.Equal("kept", RedisCli(dataDirectory, "GET", "labelit-test"));
                Assert.Equal(0, await second.StopAsync(StopLimit));
                await RunProcesses.WaitUntilNoneAsync(dataDirectory, StopLimit);
                await WaitUntilNoContainerAsync();
            }
        }
        finally
        {
            foreach (var server in new[] { "postgres", "redis" })
            {
                Podman("volume", "rm", "--force", ContainerServers.VolumeName(dataDirectory, server));
            }
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>redis-cli inside the run's Redis container, with the password the AppHost keeps in the data folder.</summary>
    private static string RedisCli(string dataDirectory, params string[] command)
    {
        var container = Podman("ps", "--filter", "volume=" + ContainerServers.VolumeName(dataDirectory, "redis"), "--format", "{{.Names}}").Output.Trim();
        var password = File.ReadAllText(Path.Combine(dataDirectory, "redis", "password")).Trim();
        var result = Podman(["exec", container, "redis-cli", "--no-auth-warning", "-a", password, .. command]);
        Assert.True(result.ExitCode == 0, result.Output);
        return result.Output.Trim();
    }

    /// <summary>Aspire removes its session's containers once the AppHost is gone.</summary>
    private static async Task WaitUntilNoContainerAsync()
    {
        var deadline = DateTime.UtcNow + StopLimit;
        string left;
        while ((left = Podman("ps", "-a", "--filter", "label=com.microsoft.developer.usvc-dev.creatorProcessId", "--format", "{{.Names}}").Output.Trim()) != "")
        {
            Assert.True(DateTime.UtcNow < deadline, $"Containers left after stop: {left}");
            await Task.Delay(500);
        }
    }

    private static (int ExitCode, string Output) Podman(params string[] arguments)
    {
        var start = new ProcessStartInfo("podman", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["CONTAINERS_CONF"] = ContainersConf;
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (127, "podman is not installed");
        }
    }
}
