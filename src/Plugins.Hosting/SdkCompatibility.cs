using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Labelit.Plugins.Hosting;

/// <summary>Semantic-version rule between a plugin and the host's SDK: same major, and a minor no newer than the host's.</summary>
internal static class SdkCompatibility
{
    public static void CheckManifest(PluginManifest manifest, Version host)
    {
        if (!Version.TryParse(manifest.SdkVersion, out var wanted))
        {
            throw new PluginLoadException($"sdkVersion '{manifest.SdkVersion}' is not a version such as 1.0.0.");
        }

        if (wanted.Major != host.Major)
        {
            throw new PluginLoadException(
                $"built for SDK {manifest.SdkVersion}, but this Labelit has SDK {host.ToString(3)} (major versions must match).",
                incompatible: true);
        }

        if (wanted.Minor > host.Minor)
        {
            throw new PluginLoadException(
                $"needs SDK {manifest.SdkVersion} or newer, but this Labelit has SDK {host.ToString(3)}.",
                incompatible: true);
        }
    }

    /// <summary>
    /// Reads which SDK assembly the entry assembly was compiled against, without loading it, so a
    /// manifest that understates the SDK version is caught before any plugin code runs.
    /// </summary>
    public static void CheckCompiledReference(string entryAssemblyPath, Version host)
    {
        var sdkName = typeof(IStoragePlugin).Assembly.GetName().Name;
        try
        {
            using var stream = File.OpenRead(entryAssemblyPath);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                throw new PluginLoadException($"'{Path.GetFileName(entryAssemblyPath)}' is not a .NET assembly.");
            }

            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.AssemblyReferences)
            {
                var reference = metadata.GetAssemblyReference(handle);
                if (metadata.GetString(reference.Name) == sdkName && reference.Version.Major != host.Major)
                {
                    throw new PluginLoadException(
                        $"compiled against SDK {reference.Version.ToString(3)}, but this Labelit has SDK {host.ToString(3)} (major versions must match).",
                        incompatible: true);
                }
            }
        }
        catch (BadImageFormatException)
        {
            throw new PluginLoadException($"'{Path.GetFileName(entryAssemblyPath)}' is not a .NET assembly.");
        }
    }
}
