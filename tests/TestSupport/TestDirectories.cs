namespace Labelit.TestSupport;

public static class TestDirectories
{
    /// <summary>
    /// A new temporary folder that other local accounts may traverse: the PostgreSQL server runs as
    /// its own unprivileged user when the tests run as root.
    /// </summary>
    public static string Create(string prefix)
    {
        var directory = Directory.CreateTempSubdirectory(prefix).FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        }
        return directory;
    }

    /// <summary>
    /// Deletes folders an earlier test process made but could not remove because it was ended first.
    /// </summary>
    public static void RemoveStale(string prefix, Func<string, bool> stillInUse)
    {
        foreach (var directory in Directory.GetDirectories(Path.GetTempPath(), prefix + "*"))
        {
            if (Directory.GetLastWriteTimeUtc(directory) < DateTime.UtcNow.AddMinutes(-1) && !stillInUse(directory))
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }
    }
}
