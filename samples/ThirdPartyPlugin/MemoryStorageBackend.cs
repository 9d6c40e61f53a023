using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Labelit.Plugins;

namespace Acme.Labelit.MemoryStorage;

/// <summary>Objects in a dictionary. Every method reports failures as StorageException, as Labelit expects.</summary>
internal sealed class MemoryStorageBackend : IStorageBackend
{
    private readonly ConcurrentDictionary<StoragePath, (byte[] Content, DateTimeOffset Modified)> objects = new();

    public async IAsyncEnumerable<IReadOnlyList<StorageObject>> ListAsync(
        StoragePath prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var matching = objects
            .Where(o => o.Key.Bucket == prefix.Bucket && o.Key.Key.StartsWith(prefix.Key, StringComparison.Ordinal))
            .OrderBy(o => o.Key.Key, StringComparer.Ordinal)
            .Select(o => new StorageObject(o.Key, o.Value.Content.Length, o.Value.Modified.UtcTicks.ToString(), o.Value.Modified));
        foreach (var page in matching.Chunk(1000))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return page;
            await Task.Yield();
        }
    }

    public Task<Stream> OpenReadAsync(StoragePath path, CancellationToken cancellationToken = default) =>
        objects.TryGetValue(path, out var stored)
            ? Task.FromResult<Stream>(new MemoryStream(stored.Content, writable: false))
            : throw new StorageException(StorageFailure.NotFound, $"{path} does not exist.");

    public async Task WriteAsync(StoragePath path, Stream content, string? contentType = null, CancellationToken cancellationToken = default)
    {
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken);
        objects[path] = (copy.ToArray(), DateTimeOffset.UtcNow);
    }

    public Task DeleteAsync(IReadOnlyCollection<StoragePath> paths, CancellationToken cancellationToken = default)
    {
        foreach (var path in paths)
        {
            objects.TryRemove(path, out _);
        }

        return Task.CompletedTask;
    }

    // Browsers cannot read this server's memory: Labelit serves such media through its own endpoint.
    public Task<Uri?> GetBrowserUrlAsync(StoragePath path, TimeSpan validFor, CancellationToken cancellationToken = default) =>
        Task.FromResult<Uri?>(null);

    public Task<ConnectionTestResult> TestConnectionAsync(StoragePath location, CancellationToken cancellationToken = default) =>
        Task.FromResult(location.Scheme == "mem"
            ? ConnectionTestResult.Success($"In-memory storage is always there ({objects.Count} objects).")
            : new ConnectionTestResult(StorageFailure.InvalidLocation, $"'{location}' is not a mem:// location."));

    public void Dispose() => objects.Clear();
}
