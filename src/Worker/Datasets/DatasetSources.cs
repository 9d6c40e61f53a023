using Labelit.Data.Datasets;
using Labelit.Data.Storage;
using Labelit.Plugins;
using Labelit.Plugins.Hosting;

namespace Labelit.Worker.Datasets;

/// <summary>Where a project's objects come from: its storage locations through its connection, and its uploaded files.</summary>
public sealed class DatasetSources : IDisposable
{
    private readonly IStorageBackend? _storage;
    private readonly IStorageBackend _uploads;

    private DatasetSources(IReadOnlyList<string> locations, IStorageBackend? storage, IStorageBackend uploads)
    {
        Locations = locations;
        _storage = storage;
        _uploads = uploads;
    }

    /// <summary>Every location to list, the uploads folder last.</summary>
    public IReadOnlyList<string> Locations { get; }

    public static async Task<DatasetSources> OpenAsync(long projectId, SyncDataset dataset, StorageConnectionReader connections,
        StoragePluginRegistry plugins, UploadedFiles uploads, CancellationToken cancellationToken)
    {
        IStorageBackend? storage = null;
        if (dataset.Locations.Count > 0)
        {
            var connection = dataset.ConnectionId is { } connectionId ? await connections.ReadAsync(connectionId, cancellationToken) : null;
            if (connection is null)
                throw new InvalidOperationException("The project's dataset has no storage connection (or it was deleted): choose one on the project's edit page.");
            storage = plugins.CreateBackend(connection.Kind, connection.Settings);
        }
        return new DatasetSources([.. dataset.Locations, UploadedFiles.LocationOf(projectId)], storage, uploads.Backend());
    }

    public IStorageBackend For(StoragePath path) =>
        path.Scheme == UploadedFiles.Scheme ? _uploads
        : _storage ?? throw new StorageException(StorageFailure.InvalidSettings, $"{path} is not in the project's dataset.");

    public void Dispose()
    {
        _storage?.Dispose();
        _uploads.Dispose();
    }
}
