using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Labelit.Plugins.Hosting;

/// <summary>
/// Loads every folder of the plugins directory, each in its own load context and its own
/// try/catch: one broken plugin is reported and the others still load.
/// </summary>
public static class PluginLoader
{
    /// <summary>Loads the plugins under <paramref name="pluginsDirectory"/>, in folder-name order.</summary>
    public static IReadOnlyList<LoadedPlugin> LoadAll(string pluginsDirectory, ILogger logger)
    {
        var results = new List<LoadedPlugin>();
        foreach (var folder in Directory.GetDirectories(pluginsDirectory).Order(StringComparer.Ordinal))
        {
            var result = LoadOne(folder, results);
            results.Add(result);
            if (result.Status == PluginStatus.Loaded)
            {
                logger.LogInformation("Storage plugin {Folder} {Version} loaded: {Kinds}", result.Folder,
                    result.Manifest?.Version, string.Join(", ", result.Kinds.Select(k => k.Kind)));
            }
            else
            {
                logger.LogWarning("Storage plugin {Folder} {Status}: {Reason}", result.Folder, result.Status, result.Reason);
            }
        }

        return results;
    }

    private static LoadedPlugin LoadOne(string folder, IReadOnlyList<LoadedPlugin> earlier)
    {
        var name = Path.GetFileName(folder);
        PluginManifest? manifest = null;
        try
        {
            manifest = ManifestReader.Read(folder);
            var host = PluginManifest.HostSdkVersion;
            SdkCompatibility.CheckManifest(manifest, host);
            var entryPath = ManifestReader.ResolveEntryAssembly(folder, manifest);
            SdkCompatibility.CheckCompiledReference(entryPath, host);

            var context = new PluginLoadContext(name, entryPath);
            var kinds = CreateKinds(context.LoadFromAssemblyPath(entryPath));
            CheckNoClash(kinds, earlier);
            return new LoadedPlugin(name, manifest, PluginStatus.Loaded, null, kinds);
        }
        catch (PluginLoadException e) when (e.Incompatible)
        {
            return LoadedPlugin.Incompatible(name, manifest!, e.Message);
        }
        catch (PluginLoadException e)
        {
            return LoadedPlugin.Failed(name, manifest, e.Message);
        }
        catch (Exception e)
        {
            return LoadedPlugin.Failed(name, manifest, Describe(e));
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

    private static void CheckNoClash(List<IStoragePlugin> kinds, IReadOnlyList<LoadedPlugin> earlier)
    {
        foreach (var other in earlier.Where(p => p.Status == PluginStatus.Loaded))
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
