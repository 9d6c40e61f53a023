using Labelit.TestSupport.S3;
using System.Collections.Concurrent;

namespace Labelit.Plugins.Tests.Servers;

/// <summary>
/// The S3 servers every S3 test runs against. Each starts on first use and stops when the test
/// collection ends; a server that cannot start fails its own tests with the reason.
/// </summary>
public sealed class S3Servers : IAsyncLifetime
{
    /// <summary>Every server, and whether it verifies request signatures (fauxqs accepts any credentials).</summary>
    private static readonly (string Name, bool VerifiesSignatures, Func<Task<S3Server>> Start)[] Catalog =
    [
        ("swift", true, async () => await SwiftServer.StartAsync()),
        ("fauxqs", false, async () => await FauxqsServer.StartAsync()),
    ];

    private readonly ConcurrentDictionary<string, Lazy<Task<S3Server>>> started = new();

    public static TheoryData<string> All => new(Catalog.Select(s => s.Name));

    public static TheoryData<string> VerifyingSignatures => new(Catalog.Where(s => s.VerifiesSignatures).Select(s => s.Name));

    public Task<S3Server> GetAsync(string name) =>
        started.GetOrAdd(name, n => new Lazy<Task<S3Server>>(Catalog.Single(s => s.Name == n).Start)).Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var server in started.Values.Where(s => s.IsValueCreated))
        {
            if (server.Value.IsCompletedSuccessfully)
            {
                await server.Value.Result.DisposeAsync();
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class S3ServersCollection : ICollectionFixture<S3Servers>
{
    public const string Name = "S3 servers";
}
