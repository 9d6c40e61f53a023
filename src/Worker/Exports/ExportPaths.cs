namespace Labelit.Worker.Exports;

/// <summary>Paths inside the export folder, checked so that no slug or stored location reaches outside it.</summary>
public static class ExportPaths
{
    public static string ProjectFolder(string exportRoot, string slug) =>
        Resolve(exportRoot, slug) ?? throw new InvalidOperationException($"The project URL name '{slug}' cannot name an export folder.");

    /// <summary>The full path of <paramref name="relative"/> under the root, or null when it would leave it.</summary>
    public static string? Resolve(string exportRoot, string relative)
    {
        if (string.IsNullOrWhiteSpace(relative) || Path.IsPathRooted(relative))
            return null;
        var root = Path.GetFullPath(exportRoot).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, relative));
        return full.StartsWith(root, StringComparison.Ordinal) && full.Length > root.Length ? full : null;
    }
}
