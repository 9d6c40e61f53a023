using Labelit.TestSupport.S3;

namespace Labelit.TestSupport.Oidc;

/// <summary>
/// npm oidc-provider (OpenID Certified) on loopback, from tests/OidcProvider/provider.js: the provider
/// Labelit is set up with (<see cref="Authority"/>), and an impostor on another port whose tokens name
/// another issuer (<see cref="ImpostorAuthority"/>). Client "labelit" / <see cref="ClientSecret"/>; its
/// people sign in with any password (accounts in provider.js).
/// </summary>
public sealed class TestOpenIdProvider : IAsyncDisposable
{
    public const string ClientId = "labelit";
    public const string ClientSecret = "labelit-test-secret";
    public const string DepsScript = "scripts/deps/oidc-provider.sh";

    private readonly ServerProcess process;

    private TestOpenIdProvider(ServerProcess process, int port, int impostorPort)
    {
        this.process = process;
        Authority = $"http://127.0.0.1:{port}";
        ImpostorAuthority = $"http://127.0.0.1:{impostorPort}";
    }

    public string Authority { get; }
    public string ImpostorAuthority { get; }

    /// <summary>The settings that point Labelit's Web at this provider.</summary>
    public Dictionary<string, string> Settings(string? authority = null) => new()
    {
        ["Oidc:Authority"] = authority ?? Authority,
        ["Oidc:ClientId"] = ClientId,
        ["Oidc:ClientSecret"] = ClientSecret,
        ["Oidc:Scopes"] = "openid profile email groups",
        ["Oidc:DisplayName"] = "Test Provider",
    };

    public static async Task<TestOpenIdProvider> StartAsync()
    {
        var directory = Path.Combine(RepositoryPaths.Root, "tests", "OidcProvider");
        if (!File.Exists(Path.Combine(directory, "node_modules", "oidc-provider", "package.json")))
        {
            throw new InvalidOperationException(
                $"oidc-provider is not installed in {directory}/node_modules: run `{DepsScript}` (scripts/install-test-deps.sh runs it) first.");
        }
        var (port, impostorPort) = (ServerProcess.FreeLoopbackPort(), ServerProcess.FreeLoopbackPort());
        while (impostorPort == port)
            impostorPort = ServerProcess.FreeLoopbackPort();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = ServerProcess.Start("node", [Path.Combine(directory, "provider.js"), port.ToString(), impostorPort.ToString()], directory);
        process.LineWritten += line =>
        {
            if (line.StartsWith("ready ", StringComparison.Ordinal))
                started.TrySetResult();
        };
        if (await Task.WhenAny(started.Task, Task.Delay(TimeSpan.FromSeconds(30))) != started.Task)
        {
            process.Dispose();
            throw new InvalidOperationException($"The test OpenID provider did not start within 30 s. Its output:\n{process.Output}");
        }
        return new TestOpenIdProvider(process, port, impostorPort);
    }

    public ValueTask DisposeAsync()
    {
        process.Dispose();
        return ValueTask.CompletedTask;
    }
}
