using Labelit.Data.Storage;
using Labelit.Plugins;
using Labelit.Plugins.Hosting;
using Microsoft.Extensions.Options;

namespace Labelit.Worker.Exports;

/// <summary>Opens a project's export destination: the local export folder or its storage connection.</summary>
public sealed class ExportDestinations(
    StorageConnectionReader connections,
    StoragePluginRegistry plugins,
    IOptions<ExportOptions> options,
    IConfiguration configuration)
{
    /// <summary>The local export folder, shared with Web's download route.</summary>
    public string ExportRoot { get; } = ExportOptions.ResolveDirectory(options.Value.Directory, configuration["Labelit:DataDirectory"]);

    public async Task<IExportDestination> OpenAsync(ClaimedRun run, ExportSettings settings, CancellationToken cancellationToken)
    {
        if (settings.IsLocal)
            return new LocalExportDestination(ExportRoot, run.Slug, run.Id);
        var backend = await BackendAsync(settings, cancellationToken);
        try
        {
            return new StorageExportDestination(backend, settings.Destination, run.Slug, run.Id, Path.GetTempPath());
        }
        catch
        {
            backend.Dispose();
            throw;
        }
    }

    /// <summary>Deletes a run's files, wherever it wrote them.</summary>
    public async Task DeleteRunAsync(ExpiredRun run, ExportSettings settings, CancellationToken cancellationToken)
    {
        if (run.Location is null)
            return;
        if (run.Destination == ExportSettings.LocalDestination)
        {
            LocalExportDestination.DeleteRun(ExportRoot, run.Location);
            return;
        }
        using var backend = await BackendAsync(settings, cancellationToken);
        await StorageExportDestination.DeleteRunAsync(backend, run.Location, cancellationToken);
    }

    private async Task<IStorageBackend> BackendAsync(ExportSettings settings, CancellationToken cancellationToken)
    {
        if (settings.ConnectionId is not { } connectionId)
            throw new PermanentExportException($"The export destination {settings.Destination} names no storage connection: choose one in the project's export settings.");
        var connection = await connections.ReadAsync(connectionId, cancellationToken)
            ?? throw new PermanentExportException($"The storage connection {connectionId} of the export destination no longer exists.");
        return plugins.CreateBackend(connection.Kind, connection.Settings);
    }
}
