namespace Labelit.Web.Exports;

/// <summary>
/// The local export folder the Worker writes (Exports:Directory, default &lt;Labelit:DataDirectory&gt;/exports)
/// and the only place downloads are served from.
/// </summary>
public sealed class ExportFolder(IConfiguration configuration)
{
    public string Root { get; } = Path.GetFullPath(configuration["Exports:Directory"]
        ?? Path.Combine(configuration["Labelit:DataDirectory"] ?? ".labelit", "exports"));

    /// <summary>
    /// The file <paramref name="fileName"/> of a run recorded at <paramref name="location"/>, or null unless
    /// it is a plain file the run wrote, inside the export folder, reached through no link.
    /// </summary>
    public string? Resolve(ExportRunView run, string fileName)
    {
        if (!run.IsLocal || run.Status != "succeeded" || run.Location is null || !run.FileNames.Contains(fileName, StringComparer.Ordinal))
            return null;
        if (fileName.Length == 0 || fileName.IndexOfAny(['/', '\\']) >= 0 || fileName is "." or ".." || Path.IsPathRooted(run.Location))
            return null;
        var root = Root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var folder = Path.GetFullPath(Path.Combine(root, run.Location));
        var file = Path.GetFullPath(Path.Combine(folder, fileName));
        if (!folder.StartsWith(root, StringComparison.Ordinal) || !file.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            return null;
        var info = new FileInfo(file);
        if (!info.Exists || info.LinkTarget is not null || new DirectoryInfo(folder).LinkTarget is not null)
            return null;
        return file;
    }
}
