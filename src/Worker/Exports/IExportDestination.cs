namespace Labelit.Worker.Exports;

/// <summary>
/// Where a run's files end up. The runner converts into <see cref="StagingFolder"/>; nothing there is
/// visible as an export until <see cref="PublishAsync"/> makes the whole set visible at once.
/// </summary>
public interface IExportDestination : IAsyncDisposable
{
    /// <summary>"local" or the storage URI, as recorded on the run.</summary>
    string Destination { get; }

    /// <summary>A private folder on this machine for the converted files.</summary>
    string StagingFolder { get; }

    /// <summary>Makes the staged files visible as one export; returns where they are (recorded as the run's location).</summary>
    Task<string> PublishAsync(string runFolderName, IReadOnlyList<ExportedFile> files, CancellationToken cancellationToken);
}
