using System.Reflection;
using Labelit.Plugins.Tests.Servers;

namespace Labelit.Plugins.Tests.Loading;

/// <summary>The build output of the plugins under TestPlugins/ (built with this project), and copying plugin folders around.</summary>
internal static class TestPluginBuilds
{
    private static readonly string OutputFolder = typeof(TestPluginBuilds).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "Labelit.TestPluginOutputFolder").Value!;

    /// <summary>The output of the test plugin project in <paramref name="projectFolder"/> (e.g. <c>VersionedPlugin/V1</c>).</summary>
    public static string Output(string projectFolder) =>
        Path.Combine(TestPaths.TestsSource, "TestPlugins", projectFolder, OutputFolder);

    /// <summary>Copies every file of <paramref name="source"/> into <paramref name="target"/>, overwriting files in place as <c>cp -r</c> does.</summary>
    public static void CopyFolder(string source, string target)
    {
        if (!Directory.Exists(source))
        {
            throw new InvalidOperationException($"{source} does not exist: build tests/Plugins.Tests first (it builds the plugins).");
        }

        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }
}
