using System.Collections.Concurrent;
using Labelit.Data.Storage;
using Labelit.Plugins;
using Labelit.Plugins.Hosting;

namespace Labelit.Web.Datasets;

/// <summary>
/// One storage backend per connection for the media endpoint, kept until the connection is edited
/// (its version grows). A labelling session fetches one object per task: a new backend for each
/// request opened new TCP and TLS connections to the store for every image. Backends are safe for
/// concurrent use (IStorageBackend's contract).
/// </summary>
public sealed class MediaBackends(StoragePluginRegistry plugins) : IDisposable
{
    private readonly ConcurrentDictionary<long, (int Version, IStorageBackend Backend)> _backends = new();
    private readonly Lock _gate = new();

    public IStorageBackend For(StorageConnectionSettings connection)
    {
        if (_backends.TryGetValue(connection.Id, out var cached) && cached.Version == connection.Version)
            return cached.Backend;
        lock (_gate)
        {
            if (_backends.TryGetValue(connection.Id, out cached) && cached.Version == connection.Version)
                return cached.Backend;
            var backend = plugins.CreateBackend(connection.Kind, connection.Settings);
            // A backend replaced after an edit may still be streaming an object to someone, so it is not
            // disposed here; the garbage collector releases it once nobody uses it.
            _backends[connection.Id] = (connection.Version, backend);
            return backend;
        }
    }

    public void Dispose()
    {
        foreach (var (_, backend) in _backends.Values)
            backend.Dispose();
    }
}
