namespace Labelit.Worker.Backups;

/// <summary>What one run wrote: the finished folder and its manifest (projects that failed are listed in it).</summary>
public sealed record BackupResult(long RunId, string Status, string Folder, BackupManifest Manifest)
{
    public IEnumerable<ProjectBackup> FailedProjects => Manifest.Projects.Where(p => p.Status == ProjectBackupStatus.Failed);
}
