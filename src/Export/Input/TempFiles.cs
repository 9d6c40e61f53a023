namespace Labelit.Export.Input;

internal static class TempFiles
{
    /// <summary>A read/write temp file that disappears when closed, even if the export fails.</summary>
    public static FileStream Create(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"labelit-export-{Guid.NewGuid():N}.tmp");
        return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
    }
}
