using Labelit.Plugins;
using Labelit.Plugins.Hosting;
using Labelit.Web.Storage;

namespace Labelit.Web.Projects;

/// <summary>
/// Checks that a project's storage connections exist and that their plugin serves the locations'
/// URI schemes, so a project never points s3:// locations at a GCS connection.
/// </summary>
public sealed class ProjectStorageCheck(StorageConnectionStore connections, StoragePluginRegistry plugins)
{
    public async Task<Dictionary<string, string[]>> CheckAsync(Project project, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (project.Dataset.ConnectionId is { } datasetConnection)
        {
            var problem = await ProblemAsync(datasetConnection, project.Dataset.Locations, cancellationToken);
            if (problem is not null) errors[nameof(ProjectInput.DatasetConnectionId)] = [problem];
        }
        if (project.ExportSettings.ConnectionId is { } exportConnection)
        {
            var problem = await ProblemAsync(exportConnection, [project.ExportSettings.Destination], cancellationToken);
            if (problem is not null) errors[nameof(ProjectInput.ExportConnectionId)] = [problem];
        }
        return errors;
    }

    private async Task<string?> ProblemAsync(long connectionId, IEnumerable<string> locations, CancellationToken cancellationToken)
    {
        var connection = await connections.FindAsync(connectionId, cancellationToken);
        if (connection is null)
        {
            return "That storage connection does not exist (an administrator may have deleted it).";
        }
        var plugin = plugins.FindByKind(connection.Kind);
        if (plugin is null)
        {
            return $"Storage connection \"{connection.Name}\" needs the {connection.Kind} plugin, which is not loaded.";
        }
        foreach (var location in locations)
        {
            if (!StoragePath.TryParse(location, out var path, out var error))
            {
                return error;
            }
            if (!plugin.Schemes.Contains(path.Scheme))
            {
                return $"Storage connection \"{connection.Name}\" ({connection.Kind}) reads {string.Join(", ", plugin.Schemes.Select(s => s + "://"))} locations, not {path.Scheme}://.";
            }
        }
        return null;
    }
}
