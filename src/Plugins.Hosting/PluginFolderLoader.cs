using System.Reflection;
using McMaster.NETCore.Plugins;

namespace Labelit.Plugins.Hosting;

/// <summary>
/// Loads one plugin folder into a load context of its own (McMaster.NETCore.Plugins), inside a
/// try/catch: whatever is wrong with the folder becomes a status and a reason, never an exception.
/// </summary>
internal static class PluginFolderLoader
{
    /// <summary>
    /// Types whose assemblies (with what they reference) come from the host, so that
    /// <see cref="IStoragePlugin"/> seen by a plugin is the very type the host looks for. Only the SDK:
    /// it exposes no Microsoft.Extensions types (should it come to hand plugins a logger, say, that
    /// abstraction belongs here too). Every other library a plugin ships stays its own, whatever version
    /// another plugin or the host has.
    /// </summary>
    private static readonly Type[] SharedWithHost = [typeof(IStoragePlugin)];

    /// <param name="folder">The plugin folder.</param>
    /// <param name="others">Kinds of the other folders' live versions, which this one may not clash with.</param>
    /// <param name="copies">Where the version is copied to before it is loaded.</param>
    /// <param name="loadedAt">The time to record as the load time.</param>
    public static PluginLoadAttempt Load(
        string folder, IEnumerable<(string Folder, IReadOnlyList<IStoragePlugin> Kinds)> others, PluginCopies copies, DateTimeOffset loadedAt)
    {
        PluginManifest? manifest = null;
        string? copy = null;
        PluginLoader? loader = null;
        try
        {
            manifest = ManifestReader.Read(folder);
            var host = PluginManifest.HostSdkVersion;
            SdkCompatibility.CheckManifest(manifest, host);
            var entryPath = ManifestReader.ResolveEntryAssembly(folder, manifest);
            SdkCompatibility.CheckCompiledReference(entryPath, host);

            copy = copies.Copy(folder);
            // Unloadable, so that a version replaced by a newer copy can leave memory once its last operation ends.
            loader = PluginLoader.CreateFromAssemblyFile(
                Path.Combine(copy, Path.GetRelativePath(folder, entryPath)), isUnloadable: true, SharedWithHost);
            var kinds = CreateKinds(loader.LoadDefaultAssembly());
            CheckNoClash(kinds, others);
            return new PluginLoadAttempt(manifest, new PluginGeneration(manifest, kinds, loadedAt, loader, copy), PluginStatus.Loaded, null);
        }
        catch (Exception e)
        {
            loader?.Dispose();
            if (copy is not null)
            {
                PluginCopies.TryDelete(copy);
            }

            return e switch
            {
                PluginLoadException { Incompatible: true } => new PluginLoadAttempt(manifest, null, PluginStatus.Incompatible, e.Message),
                PluginLoadException => new PluginLoadAttempt(manifest, null, PluginStatus.Failed, e.Message),
                _ => new PluginLoadAttempt(manifest, null, PluginStatus.Failed, Describe(e)),
            };
        }
    }

    private static List<IStoragePlugin> CreateKinds(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            var first = e.LoaderExceptions.FirstOrDefault(x => x is not null);
            throw new PluginLoadException($"its types cannot be loaded: {first?.Message ?? e.Message}");
        }

        var pluginTypes = types
            .Where(t => t is { IsPublic: true, IsAbstract: false } && typeof(IStoragePlugin).IsAssignableFrom(t))
            .ToList();
        if (pluginTypes.Count == 0)
        {
            throw new PluginLoadException($"'{assembly.GetName().Name}' has no public class implementing {nameof(IStoragePlugin)}.");
        }

        return pluginTypes.Select(Create).ToList();
    }

    private static IStoragePlugin Create(Type type)
    {
        if (type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new PluginLoadException($"{type.FullName} has no public parameterless constructor.");
        }

        IStoragePlugin plugin;
        try
        {
            plugin = (IStoragePlugin)Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new PluginLoadException($"{type.FullName} threw while being created: {Describe(e.InnerException)}");
        }

        if (string.IsNullOrWhiteSpace(plugin.Kind) || plugin.Schemes.Count == 0
            || plugin.Schemes.Any(s => string.IsNullOrWhiteSpace(s) || s != s.ToLowerInvariant() || s.Contains(':')))
        {
            throw new PluginLoadException($"{type.FullName} must have a kind and at least one lower-case scheme without '://'.");
        }

        return plugin;
    }

    private static void CheckNoClash(List<IStoragePlugin> kinds, IEnumerable<(string Folder, IReadOnlyList<IStoragePlugin> Kinds)> others)
    {
        foreach (var other in others)
        {
            foreach (var kind in kinds)
            {
                var clash = other.Kinds.FirstOrDefault(k =>
                    string.Equals(k.Kind, kind.Kind, StringComparison.OrdinalIgnoreCase) || k.Schemes.Intersect(kind.Schemes).Any());
                if (clash is not null)
                {
                    throw new PluginLoadException(
                        $"kind '{kind.Kind}' ({string.Join(", ", kind.Schemes)}) clashes with kind '{clash.Kind}' of plugin '{other.Folder}', which loaded first.");
                }
            }
        }
    }

    private static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message}";
}
