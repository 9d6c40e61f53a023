namespace Labelit.Plugins.Hosting;

/// <summary>
/// A plugin's backend that keeps the plugin version it came from loaded until it is disposed, so an
/// operation started before a reload finishes on the version it started with.
/// </summary>
internal sealed class LeasedStorageBackend(IStorageBackend inner, PluginLease lease) : IStorageBackend
{
    public IAsyncEnumerable<IReadOnlyList<StorageObject>> ListAsync(StoragePath prefix, CancellationToken cancellationToken = default) =>
        inner.ListAsync(prefix, cancellationToken);

    public Task<Stream> OpenReadAsync(StoragePath path, CancellationToken cancellationToken = default) =>
        inner.OpenReadAsync(path, cancellationToken);

    public Task WriteAsync(StoragePath path, Stream content, string? contentType = null, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(path, content, contentType, cancellationToken);

    public Task DeleteAsync(IReadOnlyCollection<StoragePath> paths, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(paths, cancellationToken);

    public Task<Uri?> GetBrowserUrlAsync(StoragePath path, TimeSpan validFor, CancellationToken cancellationToken = default) =>
        inner.GetBrowserUrlAsync(path, validFor, cancellationToken);

    public Task<ConnectionTestResult> TestConnectionAsync(StoragePath location, CancellationToken cancellationToken = default) =>
        inner.TestConnectionAsync(location, cancellationToken);

    public void Dispose()
    {
        try
        {
            inner.Dispose();
        }
        finally
        {
            lease.Dispose();
        }
    }
}
