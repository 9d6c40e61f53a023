using System.Text.Json;

namespace Labelit.Worker.Backups.Restore;

/// <summary>A backup folder whose manifest was read and whose every file matches its sha256: safe to restore from.</summary>
public sealed class BackupFolder
{
    private BackupFolder(string path, BackupManifest manifest)
    {
        Path = path;
        Manifest = manifest;
    }

    public string Path { get; }
    public BackupManifest Manifest { get; }

    public string FileOf(BackupFile file) => System.IO.Path.Combine(Path, file.Path);

    /// <summary>Reads and checks the folder; throws <see cref="BackupFolderException"/> saying what is wrong.</summary>
    public static async Task<BackupFolder> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var folder = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(folder))
            throw new BackupFolderException($"There is no backup folder at {folder}.");
        var manifestFile = System.IO.Path.Combine(folder, BackupManifest.FileName);
        if (System.IO.Path.GetFileName(folder).StartsWith(BackupFolders.IncompletePrefix, StringComparison.Ordinal) || !File.Exists(manifestFile))
            throw new BackupFolderException($"{folder} is not a complete backup (it has no {BackupManifest.FileName}): " +
                "a backup run that did not finish, or not a backup folder. Pick one of the <yyyyMMdd-HHmmss> folders.");

        BackupManifest manifest;
        try
        {
            await using var stream = File.OpenRead(manifestFile);
            manifest = await JsonSerializer.DeserializeAsync<BackupManifest>(stream, BackupManifest.Json, cancellationToken)
                ?? throw new JsonException("it is empty");
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            throw new BackupFolderException($"{manifestFile} cannot be read ({exception.Message}): the backup is damaged.");
        }
        if (manifest.Format > BackupManifest.CurrentFormat)
            throw new BackupFolderException($"{folder} was written by a newer Labelit (backup format {manifest.Format}); use that version to restore it.");

        var files = manifest.Projects.Where(p => p.Status == ProjectBackupStatus.BackedUp)
            .Select(p => p.File ?? throw new BackupFolderException($"{manifestFile} lists project {p.Slug} as backed up but names no file: the backup is damaged."))
            .Prepend(manifest.Database);
        foreach (var file in files)
            await VerifyAsync(folder, file, cancellationToken);
        return new BackupFolder(folder, manifest);
    }

    private static async Task VerifyAsync(string folder, BackupFile expected, CancellationToken cancellationToken)
    {
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, expected.Path));
        if (!full.StartsWith(folder + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new BackupFolderException($"The manifest names a file outside the backup folder ({expected.Path}): the backup is damaged.");
        if (!File.Exists(full))
            throw new BackupFolderException($"{full} is missing: the backup is incomplete. Nothing was restored.");
        var actual = await RawExportFile.DescribeAsync(folder, expected.Path, cancellationToken);
        if (!string.Equals(actual.Sha256, expected.Sha256, StringComparison.OrdinalIgnoreCase) || actual.Bytes != expected.Bytes)
            throw new BackupFolderException($"{full} does not match the manifest (sha256 {actual.Sha256}, {actual.Bytes} bytes; " +
                $"expected {expected.Sha256}, {expected.Bytes} bytes): the file was changed or damaged. Nothing was restored; use another backup.");
    }
}

/// <summary>A backup folder that cannot be restored from; the message says why.</summary>
public sealed class BackupFolderException(string message) : Exception(message);
