using System.Reflection;
using System.Runtime.Loader;

namespace Labelit.Plugins.Hosting;

/// <summary>
/// Isolates one plugin's dependencies (its own AWS SDK, JSON library, ...) from the host and from
/// other plugins. Only the SDK and the Microsoft.Extensions abstractions come from the host, so that
/// <see cref="IStoragePlugin"/> seen by the plugin is the very type the host looks for.
/// </summary>
internal sealed class PluginLoadContext(string folder, string entryAssemblyPath)
    : AssemblyLoadContext($"Labelit plugin {folder}", isCollectible: false)
{
    private static readonly string SdkAssemblyName = typeof(IStoragePlugin).Assembly.GetName().Name!;

    private readonly AssemblyDependencyResolver resolver = new(entryAssemblyPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (IsSharedWithHost(assemblyName))
        {
            var shared = TryLoadFromHost(assemblyName);
            if (shared is not null || assemblyName.Name == SdkAssemblyName)
            {
                return shared;
            }
        }

        var path = resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    internal static bool IsSharedWithHost(AssemblyName name) =>
        name.Name == SdkAssemblyName
        || (name.Name is { } n && n.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
            && n.EndsWith(".Abstractions", StringComparison.Ordinal));

    // An abstractions assembly the host does not have is taken from the plugin's folder instead.
    private static Assembly? TryLoadFromHost(AssemblyName name)
    {
        try
        {
            return Default.LoadFromAssemblyName(name);
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException)
        {
            return null;
        }
    }
}
