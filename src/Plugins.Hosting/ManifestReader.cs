using System.Text.Json;

namespace Labelit.Plugins.Hosting;

/// <summary>Reads and checks a plugin folder's <c>plugin.json</c>; every problem becomes a sentence for the administrator.</summary>
internal static class ManifestReader
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static PluginManifest Read(string folder)
    {
        var path = Path.Combine(folder, PluginManifest.FileName);
        if (!File.Exists(path))
        {
            throw new PluginLoadException($"{PluginManifest.FileName} is missing.");
        }

        PluginManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<PluginManifest>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new PluginLoadException($"{PluginManifest.FileName} is not valid JSON: {e.Message}");
        }

        var missing = new[]
            {
                ("id", manifest?.Id), ("version", manifest?.Version),
                ("sdkVersion", manifest?.SdkVersion), ("entryAssembly", manifest?.EntryAssembly),
            }
            .Where(field => string.IsNullOrWhiteSpace(field.Item2))
            .Select(field => field.Item1)
            .ToList();
        if (manifest is null || missing.Count > 0)
        {
            throw new PluginLoadException($"{PluginManifest.FileName} lacks {string.Join(", ", missing)}.");
        }

        return manifest;
    }

    /// <summary>
    /// The entry assembly's full path. Rejects absolute paths, <c>..</c> and symbolic links that
    /// lead outside the plugin folder, so a manifest cannot make the host load arbitrary files.
    /// </summary>
    public static string ResolveEntryAssembly(string folder, PluginManifest manifest)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
        var entry = manifest.EntryAssembly;
        var path = Path.GetFullPath(Path.Combine(root, entry));
        if (Path.IsPathRooted(entry) || !path.StartsWith(root, StringComparison.Ordinal))
        {
            throw new PluginLoadException($"entry assembly '{entry}' is outside the plugin folder; it must be a path inside it.");
        }

        if (!File.Exists(path))
        {
            throw new PluginLoadException($"entry assembly '{entry}' was not found in the plugin folder.");
        }

        var real = RealPath(path);
        if (!real.StartsWith(RealPath(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new PluginLoadException($"entry assembly '{entry}' leads to '{real}' through a symbolic link, outside the plugin folder.");
        }

        return path;
    }

    // Every symbolic link along the path replaced by its target, like realpath(3).
    private static string RealPath(string absolutePath)
    {
        var current = Path.GetPathRoot(absolutePath)!;
        foreach (var segment in absolutePath[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, segment);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            current = info.LinkTarget is null
                ? next
                : Path.TrimEndingDirectorySeparator(RealPath(info.ResolveLinkTarget(returnFinalTarget: true)!.FullName));
        }

        return current;
    }
}
