namespace Labelit.Plugins;

/// <summary>
/// One configured connection to a store. Failures are reported as <see cref="StorageException"/>.
/// Implementations are safe for concurrent use.
/// </summary>
public interface IStorageBackend : IDisposable
{
    /// <summary>
    /// Every object whose key starts with <paramref name="prefix"/>'s key, page by page as the store
    /// returns them, with no limit on the total.
    /// </summary>
    IAsyncEnumerable<IReadOnlyList<StorageObject>> ListAsync(StoragePath prefix, CancellationToken cancellationToken = default);

    /// <summary>Opens an object for reading; the caller disposes the stream.</summary>
    Task<Stream> OpenReadAsync(StoragePath path, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces an object with the content read from <paramref name="content"/> (need not be seekable).</summary>
    Task WriteAsync(StoragePath path, Stream content, string? contentType = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes objects; objects that do not exist are ignored.</summary>
    Task DeleteAsync(IReadOnlyCollection<StoragePath> paths, CancellationToken cancellationToken = default);

    /// <summary>A URL a browser can fetch the object from for <paramref name="validFor"/>, or null when the backend has none.</summary>
    Task<Uri?> GetBrowserUrlAsync(StoragePath path, TimeSpan validFor, CancellationToken cancellationToken = default);

    /// <summary>Checks that <paramref name="location"/> can be listed, and says clearly why not.</summary>
    Task<ConnectionTestResult> TestConnectionAsync(StoragePath location, CancellationToken cancellationToken = default);
}
