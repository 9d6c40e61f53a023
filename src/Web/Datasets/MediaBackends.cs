using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Labelit.Data.Storage;
using Labelit.Plugins;
using Labelit.Plugins.Hosting;

namespace Labelit.Web.Datasets;

/// <summary>
/// One storage backend per connection for the media endpoint, kept while the connection's settings
/// stay the same. A labelling session fetches one object per task: a new backend for each request
/// opened new TCP and TLS connections to the store for every image. Backends are safe for concurrent
/// use (IStorageBackend's contract).
/// </summary>
public sealed class MediaBackends(StoragePluginRegistry plugins) : IDisposable
{
    private readonly ConcurrentDictionary<long, (string Fingerprint, IStorageBackend Backend)> _backends = new();
    private readonly Lock _gate = new();

    public IStorageBackend For(StorageConnectionSettings connection)
    {
        var fingerprint = Fingerprint(connection);
        if (_backends.TryGetValue(connection.Id, out var cached) && cached.Fingerprint == fingerprint)
            return cached.Backend;
        lock (_gate)
        {
            if (_backends.TryGetValue(connection.Id, out cached) && cached.Fingerprint == fingerprint)
                return cached.Backend;
            var backend = plugins.CreateBackend(connection.Kind, connection.Settings);
            // A backend replaced after an edit may still be streaming an object to someone, so it is not
            // disposed here; the garbage collector releases it once nobody uses it.
            _backends[connection.Id] = (fingerprint, backend);
            return backend;
        }
    }

    // A hash of everything the backend was made from, secret included, so an edited connection gets a new backend.
    private static string Fingerprint(StorageConnectionSettings connection) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { connection.Kind, connection.Settings }))));

    public void Dispose()
    {
        foreach (var (_, backend) in _backends.Values)
            backend.Dispose();
    }
}
