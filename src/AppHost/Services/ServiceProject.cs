using System.Reflection;

namespace Labelit.AppHost.Services;

/// <summary>A .NET project the AppHost builds and runs as a child process (like Aspire's project resources).</summary>
public sealed record ServiceProject(string Name, string ProjectDirectory, string AssemblyName)
{
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    private static string Configuration { get; } = Metadata("Configuration");

    public static ServiceProject Web { get; } = new("web", Path.Combine(RepositoryRoot, "src", "Web"), "Labelit.Web");

    public static ServiceProject Worker { get; } = new("worker", Path.Combine(RepositoryRoot, "src", "Worker"), "Labelit.Worker");

    /// <summary>The built assembly; the AppHost's project references build it with the AppHost.</summary>
    public string AssemblyPath => Path.Combine(ProjectDirectory, "bin", Configuration, "net10.0", AssemblyName + ".dll");

    private static string Metadata(string key) =>
        typeof(ServiceProject).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
