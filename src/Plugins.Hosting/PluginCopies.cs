namespace Labelit.Plugins.Hosting;

/// <summary>
/// Private copies of plugin folders, one per loaded version, under a temporary folder of this
/// process. Loading from a copy lets an administrator overwrite a plugin folder in place while the
/// old version still runs: the runtime maps assembly files into memory (rewriting one would change
/// code under a running operation), and a dependency the old version loads later must still be the
/// old version's.
/// </summary>
internal sealed class PluginCopies : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("labelit-plugins-").FullName;
    private int _count;

    /// <summary>Copies <paramref name="folder"/> and returns the copy's path.</summary>
    public string Copy(string folder)
    {
        var copy = Path.Combine(_root, $"{Path.GetFileName(folder)}-{Interlocked.Increment(ref _count)}");
        CopyFolder(new DirectoryInfo(folder), copy);
        return copy;
    }

    public static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for Dispose (or the OS's temp cleaner): a leftover copy harms nothing.
        }
    }

    public void Dispose() => TryDelete(_root);

    // Files are copied with their content (a linked file is copied, as the loader would have read it);
    // linked folders are skipped, so a link loop cannot make the copy endless.
    private static void CopyFolder(DirectoryInfo source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in source.EnumerateFiles())
        {
            file.CopyTo(Path.Combine(target, file.Name));
        }

        foreach (var folder in source.EnumerateDirectories().Where(d => d.LinkTarget is null))
        {
            CopyFolder(folder, Path.Combine(target, folder.Name));
        }
    }
}
