using Labelit.Plugins;
using System.Diagnostics;
using System.Formats.Tar;

namespace Labelit.TestSupport.S3;

/// <summary>
/// OpenStack Swift (proxy with s3api + tempauth, account, container and object servers, memcached)
/// in a temporary folder on free loopback ports. It checks SigV4 signatures for real, and like many
/// gateways it rejects aws-chunked uploads and CRC32-only multi-deletes.
/// </summary>
public sealed class SwiftServer : S3Server
{
    private static readonly string[] StorageServers = ["account", "container", "object"];
    private const int BulkParallelism = 8;

    private readonly List<ServerProcess> processes;
    private readonly string folder;

    private SwiftServer(List<ServerProcess> processes, string folder, int proxyPort)
    {
        this.processes = processes;
        this.folder = folder;
        Endpoint = $"http://127.0.0.1:{proxyPort}";
    }

    public override string Name => "swift";

    public override string Endpoint { get; }

    // tempauth user "tester" of account "test"; s3api takes "account:user" as the access key id.
    public override string AccessKeyId => "test:tester";

    public override string SecretKey => "testing";

    public override StorageSettings Settings => new()
    {
        Endpoint = Endpoint,
        Region = "us-east-1",
        ForcePathStyle = true,
        AccessKeyId = AccessKeyId,
        Secret = SecretKey,
        Options = new Dictionary<string, string> { ["compatibilityMode"] = "true" },
    };

    /// <summary>
    /// One request through Swift's bulk middleware (extract-archive of a tar) instead of one S3 PUT
    /// per object: far less work per object than signed S3 PUTs. The objects are read back through s3api.
    /// </summary>
    public override async Task PutObjectsAsync(string bucket, IReadOnlyList<(string Key, byte[] Content)> objects)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        using var auth = new HttpRequestMessage(HttpMethod.Get, $"{Endpoint}/auth/v1.0");
        auth.Headers.Add("X-Auth-User", AccessKeyId);
        auth.Headers.Add("X-Auth-Key", SecretKey);
        using var authResponse = (await http.SendAsync(auth)).EnsureSuccessStatusCode();
        var token = authResponse.Headers.GetValues("X-Auth-Token").Single();
        var storageUrl = authResponse.Headers.GetValues("X-Storage-Url").Single();

        // extract-archive stores a tar's entries one after the other, so several tars go in parallel.
        var batches = objects.Chunk(Math.Max(1, (objects.Count + BulkParallelism - 1) / BulkParallelism));
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = BulkParallelism }, async (batch, ct) =>
        {
            using var archive = new MemoryStream();
            await using (var tar = new TarWriter(archive, TarEntryFormat.Ustar, leaveOpen: true))
            {
                foreach (var (key, content) in batch)
                {
                    await tar.WriteEntryAsync(new UstarTarEntry(TarEntryType.RegularFile, key) { DataStream = new MemoryStream(content) }, ct);
                }
            }

            archive.Position = 0;
            using var upload = new HttpRequestMessage(HttpMethod.Put, $"{storageUrl}/{bucket}?extract-archive=tar") { Content = new StreamContent(archive) };
            upload.Headers.Add("X-Auth-Token", token);
            upload.Headers.Accept.ParseAdd("application/json");
            using var response = (await http.SendAsync(upload, ct)).EnsureSuccessStatusCode();
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!body.Contains("\"Response Status\": \"201 Created\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Swift bulk upload failed: {body}");
            }
        });
    }

    // A tempauth user without .admin: it signs correctly but has no rights on the account's containers.
    public override StorageSettings SettingsWithoutAccess => Settings with { AccessKeyId = "test:reader", Secret = "reading" };

    public static async Task<SwiftServer> StartAsync()
    {
        var missing = new[] { "/usr/bin/swift-proxy-server", "/usr/bin/swift-account-server", "/usr/bin/swift-container-server",
                "/usr/bin/swift-object-server", "/usr/bin/swift-ring-builder", "/usr/bin/memcached", "/etc/swift/swift.conf" }
            .Where(path => !File.Exists(path)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"OpenStack Swift is not installed ({string.Join(", ", missing)} missing): run `{S3Server.DepsScript}` (as root) first.");
        }

        var folder = CreateDataFolder();
        Directory.CreateDirectory(Path.Combine(folder, "srv", "d1"));
        var ports = StorageServers.ToDictionary(kind => kind, _ => ServerProcess.FreeLoopbackPort());
        var proxyPort = ServerProcess.FreeLoopbackPort();
        var memcachedPort = ServerProcess.FreeLoopbackPort();

        await Task.WhenAll(StorageServers.Select(kind => BuildRingAsync(folder, kind, ports[kind])));
        foreach (var kind in StorageServers)
        {
            File.WriteAllText(Path.Combine(folder, $"{kind}-server.conf"), SwiftConfig.StorageServer(kind, ports[kind], folder));
        }

        File.WriteAllText(Path.Combine(folder, "proxy-server.conf"), SwiftConfig.Proxy(proxyPort, memcachedPort, folder));

        var processes = new List<ServerProcess>();
        try
        {
            var memcached = ServerProcess.Start("/usr/bin/memcached",
                ["-l", "127.0.0.1", "-p", memcachedPort.ToString(), "-U", "0", "-u", "root", "-m", "32"], folder);
            processes.Add(memcached);
            foreach (var kind in StorageServers)
            {
                processes.Add(ServerProcess.Start($"/usr/bin/swift-{kind}-server", [Path.Combine(folder, $"{kind}-server.conf")], folder));
            }

            var proxy = ServerProcess.Start("/usr/bin/swift-proxy-server", [Path.Combine(folder, "proxy-server.conf")], folder);
            processes.Add(proxy);

            await ServerProcess.WaitForPortAsync(memcachedPort, memcached, "memcached", TimeSpan.FromSeconds(20));
            for (var i = 0; i < StorageServers.Length; i++)
            {
                await ServerProcess.WaitForPortAsync(ports[StorageServers[i]], processes[i + 1], $"swift-{StorageServers[i]}-server", TimeSpan.FromSeconds(30));
            }

            await ServerProcess.WaitForPortAsync(proxyPort, proxy, "swift-proxy-server", TimeSpan.FromSeconds(30));
            return new SwiftServer(processes, folder, proxyPort);
        }
        catch
        {
            processes.ForEach(p => p.Dispose());
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    public override ValueTask DisposeAsync()
    {
        processes.ForEach(p => p.Dispose());
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A server may still be closing a file; the temp folder is cleaned by the OS eventually.
        }

        return ValueTask.CompletedTask;
    }

    // Swift fsyncs every object and every container-listing update; on tmpfs those cost nothing,
    // which makes a 5,000-object test take seconds instead of minutes. Swift needs user xattrs, which tmpfs has.
    private static string CreateDataFolder()
    {
        var parent = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var folder = Path.Combine(parent, $"labelit-swift-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    // One device and one replica: enough for a server that really stores what it is given.
    private static async Task BuildRingAsync(string folder, string kind, int port)
    {
        string[][] steps =
        [
            [$"{kind}.builder", "create", "6", "1", "1"],
            [$"{kind}.builder", "add", $"r1z1-127.0.0.1:{port}/d1", "100"],
            [$"{kind}.builder", "rebalance"],
        ];
        foreach (var arguments in steps)
        {
            var info = new ProcessStartInfo("/usr/bin/swift-ring-builder")
            {
                WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true,
            };
            arguments.ToList().ForEach(info.ArgumentList.Add);
            using var process = Process.Start(info)!;
            var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            // swift-ring-builder exits 1 for warnings (e.g. balance on one device), 2 for errors.
            if (process.ExitCode > 1)
            {
                throw new InvalidOperationException($"swift-ring-builder {string.Join(' ', arguments)} failed: {output}");
            }
        }
    }
}
