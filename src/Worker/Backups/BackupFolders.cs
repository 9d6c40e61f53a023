using System.Globalization;
using System.Text.RegularExpressions;

namespace Labelit.Worker.Backups;

/// <summary>
/// The backup root's layout: complete backups in &lt;yyyyMMdd-HHmmss&gt;/ folders, each with its
/// manifest; a run writes into .incomplete-&lt;stamp&gt;/ and renames it only when done, so a crash
/// leaves nothing that looks like a backup.
/// </summary>
public static partial class BackupFolders
{
    public const string IncompletePrefix = ".incomplete-";

    public static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);

    public static string CreateIncomplete(string root, string stamp)
    {
        Directory.CreateDirectory(root);
        var folder = Path.Combine(root, IncompletePrefix + stamp + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(folder, "projects"));
        return folder;
    }

    /// <summary>Moves the finished folder into place under the next free name for its stamp.</summary>
    public static string Complete(string incomplete, string root, string stamp)
    {
        var target = Path.Combine(root, stamp);
        for (var n = 2; Directory.Exists(target); n++)
            target = Path.Combine(root, $"{stamp}-{n}");
        Directory.Move(incomplete, target);
        return target;
    }

    /// <summary>Complete backups (a stamp-named folder with a manifest), oldest first.</summary>
    public static IReadOnlyList<string> CompleteBackups(string root) =>
        Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Where(d => StampName().IsMatch(Path.GetFileName(d)) && File.Exists(Path.Combine(d, BackupManifest.FileName)))
                .OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal)
                .ToList()
            : [];

    /// <summary>Deletes the oldest complete backups beyond <paramref name="keep"/>; returns the deleted folders.</summary>
    public static IReadOnlyList<string> Prune(string root, int keep)
    {
        var backups = CompleteBackups(root);
        var old = backups.Take(Math.Max(0, backups.Count - keep)).ToList();
        foreach (var folder in old)
        {
            // Remove the manifest first: a deletion cut short leaves a folder that no longer looks complete.
            File.Delete(Path.Combine(folder, BackupManifest.FileName));
            Directory.Delete(folder, recursive: true);
        }
        return old;
    }

    /// <summary>Folders of runs that crashed, older than an hour (so a concurrent run's folder is left alone).</summary>
    public static void RemoveAbandoned(string root, TimeSpan olderThan)
    {
        if (!Directory.Exists(root))
            return;
        foreach (var folder in Directory.GetDirectories(root, IncompletePrefix + "*"))
        {
            if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) > olderThan)
                TryDelete(folder);
        }
    }

    public static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left behind under its .incomplete- name, it never counts as a backup; the next run removes it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex(@"^\d{8}-\d{6}(-\d+)?$")]
    private static partial Regex StampName();
}
