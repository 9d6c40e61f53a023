using System.Runtime.CompilerServices;
using System.Text;
using Ardalis.GuardClauses;
using Labelit.Plugins;

namespace Labelit.Tests.VersionedPlugin;

/// <summary>
/// Every object reads as the versions that served it: "plugin 1.0.0 with Ardalis.GuardClauses 4.6.0".
/// A write first reads its content to the end, so a test keeps an operation running by holding its content stream open.
/// </summary>
internal sealed class VersionedBackend : IStorageBackend
{
    public static string PluginVersion => typeof(VersionedBackend).Assembly.GetName().Version!.ToString(3);

    public Task<Stream> OpenReadAsync(StoragePath path, CancellationToken cancellationToken = default) =>
        Task.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(Describe())));

    public async Task WriteAsync(StoragePath path, Stream content, string? contentType = null, CancellationToken cancellationToken = default) =>
        await content.CopyToAsync(Stream.Null, cancellationToken);

    public async IAsyncEnumerable<IReadOnlyList<StorageObject>> ListAsync(
        StoragePath prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        yield break;
    }

    public Task DeleteAsync(IReadOnlyCollection<StoragePath> paths, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<Uri?> GetBrowserUrlAsync(StoragePath path, TimeSpan validFor, CancellationToken cancellationToken = default) =>
        Task.FromResult<Uri?>(null);

    public Task<ConnectionTestResult> TestConnectionAsync(StoragePath location, CancellationToken cancellationToken = default) =>
        Task.FromResult(ConnectionTestResult.Success($"Served by {Describe()}."));

    public void Dispose()
    {
    }

    // A method of its own, so the library is loaded at the first read: late in a running operation,
    // possibly after a newer version of the plugin was copied over this one's folder.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string Describe() =>
        $"plugin {PluginVersion} with Ardalis.GuardClauses {typeof(Guard).Assembly.GetName().Version!.ToString(3)}";
}
