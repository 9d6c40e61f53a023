using Labelit.Plugins;
namespace Labelit.TestSupport.S3;

/// <summary>npm fauxqs, started through its buildApp export on 127.0.0.1 (its CLI would listen on every interface).</summary>
public sealed class FauxqsServer : S3Server
{
    private readonly ServerProcess process;

    private FauxqsServer(ServerProcess process, int port)
    {
        this.process = process;
        Endpoint = $"http://127.0.0.1:{port}";
    }

    public override string Name => "fauxqs";

    public override string Endpoint { get; }

    public override string AccessKeyId => "test";

    public override string SecretKey => "test";

    // fauxqs takes the AWS SDK's defaults (aws-chunked, CRC32), so the default code path is exercised here.
    public override StorageSettings Settings => new()
    {
        Endpoint = Endpoint, ForcePathStyle = true, AccessKeyId = AccessKeyId, Secret = SecretKey,
    };

    public static async Task<FauxqsServer> StartAsync()
    {
        var nodeDirectory = Path.Combine(RepositoryPaths.Root, "tests", "Plugins.Tests", "node");
        if (!File.Exists(Path.Combine(nodeDirectory, "node_modules", "fauxqs", "package.json")))
        {
            throw new InvalidOperationException(
                $"fauxqs is not installed in {nodeDirectory}/node_modules: run `{S3Server.DepsScript}` (as root) first.");
        }

        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = ServerProcess.Start("node", [Path.Combine(nodeDirectory, "start-fauxqs.mjs"), "0"], nodeDirectory);
        process.LineWritten += line =>
        {
            const string ready = "fauxqs listening on port ";
            if (line.StartsWith(ready, StringComparison.Ordinal))
            {
                started.TrySetResult(int.Parse(line[ready.Length..]));
            }
        };

        var finished = await Task.WhenAny(started.Task, Task.Delay(TimeSpan.FromSeconds(30)));
        if (finished != started.Task)
        {
            process.Dispose();
            throw new InvalidOperationException($"fauxqs did not start within 30 s. Its output:\n{process.Output}");
        }

        return new FauxqsServer(process, await started.Task);
    }

    public override ValueTask DisposeAsync()
    {
        process.Dispose();
        return ValueTask.CompletedTask;
    }
}
