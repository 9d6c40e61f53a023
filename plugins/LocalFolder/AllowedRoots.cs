namespace Labelit.Plugins.LocalFolder;

/// <summary>
/// Maps <c>file:///...</c> locations to disk paths and refuses any that are, or lead through a
/// symbolic link, outside the administrator's allowed folders.
/// </summary>
internal sealed class AllowedRoots(IReadOnlyList<string> roots)
{
    private readonly string[] realRoots = roots.Select(r => WithSeparator(RealPath(Path.GetFullPath(r)))).ToArray();

    /// <summary>The checked disk path of <paramref name="location"/>, following links as the OS would.</summary>
    public string Resolve(StoragePath location)
    {
        if (location.Scheme != "file" || location.Bucket.Length > 0)
        {
            throw Invalid($"'{location}' is not a local folder location: expected file:///absolute/path.");
        }

        var segments = location.Key.Split('/');
        if (segments.Any(s => s is ".." or "."))
        {
            throw Invalid($"'{location}' contains '.' or '..'; give the path without them.");
        }

        if (realRoots.Length == 0)
        {
            throw Invalid("No local folders are allowed on this Labelit server: an administrator must list them in Storage:AllowedLocalRoots.");
        }

        var path = "/" + location.Key;
        var real = RealPath(path);
        if (!IsAllowed(real))
        {
            var viaLink = real != Path.TrimEndingDirectorySeparator(path) ? $" (it leads to {real} through a symbolic link)" : "";
            throw Invalid($"'{path}' is outside the allowed folders{viaLink}. Allowed: {string.Join(", ", roots)}.");
        }

        return real + (location.Key.EndsWith('/') || location.Key.Length == 0 ? "/" : "");
    }

    public bool IsAllowed(string realPath) =>
        realRoots.Any(root => WithSeparator(realPath).StartsWith(root, StringComparison.Ordinal));

    /// <summary>
    /// The path with every symbolic link along it replaced by its target (like realpath(3)); parts
    /// that do not exist yet are kept as written, so a file about to be created can be checked too.
    /// </summary>
    public static string RealPath(string absolutePath)
    {
        var current = "/";
        foreach (var segment in absolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, segment);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            current = info.LinkTarget is null
                ? next
                : Path.TrimEndingDirectorySeparator(RealPath(info.ResolveLinkTarget(returnFinalTarget: true)!.FullName));
        }

        return current;
    }

    private static string WithSeparator(string path) => Path.TrimEndingDirectorySeparator(path) + "/";

    private static StorageException Invalid(string message) => new(StorageFailure.InvalidLocation, message);
}
