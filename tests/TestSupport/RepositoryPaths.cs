using System.Reflection;

namespace Labelit.TestSupport;

public static class RepositoryPaths
{
    public static string Root { get; } = Labelit.AppHost.AppHostOptions.RepositoryRoot;

    /// <summary>Debug or Release: the configuration these tests were built in, and so the programs next to them.</summary>
    public static string Configuration { get; } =
        typeof(RepositoryPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;

    /// <summary>The built assembly of a project under the repository, e.g. ("src/AppHost", "Labelit.AppHost").</summary>
    public static string Assembly(string projectDirectory, string assemblyName) =>
        Path.Combine(Root, projectDirectory, "bin", Configuration, "net10.0", assemblyName + ".dll");
}
