using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Xml.Linq;
using Labelit.TestSupport;
using Labelit.Worker.Tests.Support;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests.Exports;

public sealed class DestinationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_failing_destination_is_retried_then_failed_with_its_error_while_another_project_is_exported()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var exportFolder = ExportTestKit.NewExportFolder();
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var broken = await labelit.AddProjectAsync("Broken", manager);
        var healthy = await labelit.AddProjectAsync("Healthy", manager);
        // An S3 endpoint on a port nobody listens on: every upload fails as unreachable.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var connection = await StorageConnections.AddS3Async(labelit, "Down", $"http://127.0.0.1:{closedPort}", "test", "test");
        await labelit.SetExportSettingsAsync(broken, new { formats = new[] { "JSON" }, intervalMinutes = 0, destination = "s3://exports/labelit/", connectionId = connection });
        await labelit.SetExportSettingsAsync(healthy, new { formats = new[] { "JSON" }, intervalMinutes = 0, destination = "local" });
        labelit.StartWorker(overrides: ExportTestKit.WorkerSettings(exportFolder, new() { ["Exports__MaxConcurrentRuns"] = "1" }));
        await labelit.WaitRunningAsync(broken);
        await labelit.WaitRunningAsync(healthy);

        await CrashTests.RequestExportAsync(labelit, broken, manager);
        await CrashTests.RequestExportAsync(labelit, healthy, manager);

        var retrying = await labelit.WaitForRunAsync(broken, r => r.Status == "queued" && r.Attempt == 1, "the first failure is queued for a retry");
        Assert.Contains($"127.0.0.1:{closedPort}", retrying.Error);
        // With one run at a time, the healthy project still gets its turn between the broken one's attempts.
        var exported = await labelit.WaitForRunAsync(healthy, r => r.Status == "succeeded", "the healthy project is exported");
        var failed = await labelit.WaitForRunAsync(broken, r => r.Status == "failed", "the broken project's run fails for good");
        Assert.Equal(3, failed.Attempt);
        Assert.Contains($"127.0.0.1:{closedPort}", failed.Error);
        Assert.Equal("local", exported.Destination);
        Assert.Single((await labelit.RunsAsync(broken)));
    }

    [Fact]
    public async Task An_export_to_S3_uploads_every_file_then_the_success_marker_through_the_S3_plugin()
    {
        await using var labelit = await Installation.CreateAsync(output);
        await using var s3 = await Fauxqs.StartAsync();
        await s3.CreateBucketAsync("exports");
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var project = await labelit.AddProjectAsync("Remote", manager);
        var connection = await StorageConnections.AddS3Async(labelit, "Fauxqs", s3.Endpoint, "test", "test");
        await labelit.SetExportSettingsAsync(project, new { formats = new[] { "JSON", "CSV" }, intervalMinutes = 0, destination = "s3://exports/team/", connectionId = connection });
        labelit.StartWorker(overrides: ExportTestKit.WorkerSettings(ExportTestKit.NewExportFolder()));
        await labelit.WaitRunningAsync(project);
        using (var ls = await LabelStudioAdmin.ForAsync(labelit, project))
            await ls.ImportAnnotatedAsync(5);

        await CrashTests.RequestExportAsync(labelit, project, manager);
        var run = await labelit.WaitForRunAsync(project, r => r.Status is "succeeded" or "failed", "the S3 export finishes");
        Assert.True(run.Status == "succeeded", run.Error);
        Assert.Matches(@"^s3://exports/team/remote/\d{8}-\d{6}/$", run.Location);

        var prefix = run.Location!["s3://exports/".Length..];
        var keys = await s3.ListAsync("exports", prefix);
        Assert.Equal(new[] { "remote-CSV.csv", "remote-JSON.json", "provenance.csv", "_SUCCESS" }.Select(k => prefix + k).Order(), keys.Order());
        using var json = JsonDocument.Parse(await s3.GetAsync("exports", prefix + "remote-JSON.json"));
        Assert.Equal(5, json.RootElement.GetArrayLength());
        Assert.Equal(5, run.TaskCount);
    }

    /// <summary>npm fauxqs (installed by scripts/deps/s3.sh) on a loopback port, reached over plain HTTP path-style S3 calls.</summary>
    private sealed class Fauxqs : IAsyncDisposable
    {
        private readonly System.Diagnostics.Process _process;
        private readonly HttpClient _http;

        private Fauxqs(System.Diagnostics.Process process, string endpoint)
        {
            _process = process;
            Endpoint = endpoint;
            _http = new HttpClient { BaseAddress = new Uri(endpoint + "/") };
        }

        public string Endpoint { get; }

        public static async Task<Fauxqs> StartAsync()
        {
            var node = Path.Combine(RepositoryPaths.Root, "tests", "Plugins.Tests", "node");
            Assert.True(File.Exists(Path.Combine(node, "node_modules", "fauxqs", "package.json")), $"fauxqs is not installed in {node}: run scripts/deps/s3.sh.");
            var start = new System.Diagnostics.ProcessStartInfo("node") { WorkingDirectory = node, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(node, "start-fauxqs.mjs"));
            start.ArgumentList.Add("0");
            var process = System.Diagnostics.Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            const string ready = "fauxqs listening on port ";
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith(ready, StringComparison.Ordinal))
                    return new Fauxqs(process, $"http://127.0.0.1:{int.Parse(line[ready.Length..])}");
            }
            throw new InvalidOperationException("fauxqs exited before it listened.");
        }

        public async Task CreateBucketAsync(string bucket)
        {
            using var response = await _http.PutAsync(bucket, null);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        public async Task<IReadOnlyList<string>> ListAsync(string bucket, string prefix)
        {
            var xml = XDocument.Parse(await _http.GetStringAsync($"{bucket}?list-type=2&prefix={Uri.EscapeDataString(prefix)}"));
            return xml.Descendants().Where(e => e.Name.LocalName == "Key").Select(e => e.Value).ToList();
        }

        public Task<string> GetAsync(string bucket, string key) => _http.GetStringAsync($"{bucket}/{key}");

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            _process.StandardInput.Close(); // start-fauxqs.mjs exits when its stdin closes
            if (!_process.WaitForExit(5000))
                _process.Kill();
            await Task.CompletedTask;
            _process.Dispose();
        }
    }
}
