using Labelit.TestSupport.S3;
using System.Reflection;

namespace Labelit.Plugins.Tests.Servers;

/// <summary>Source folders recorded at build time, so tests find the node server and the plugins output.</summary>
internal static class TestPaths
{
    public static string TestsSource { get; } = Metadata("Labelit.TestsSourceDirectory");

    public static string RepositoryRoot { get; } = Metadata("Labelit.RepositoryRoot");

    public static string BuiltPlugins { get; } = Path.Combine(RepositoryRoot, "artifacts", "plugins");


    private static string Metadata(string key) => typeof(TestPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
