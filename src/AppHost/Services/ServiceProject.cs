using System.Reflection;

namespace Labelit.AppHost.Services;

/// <summary>A service's built assembly, for running one of its commands outside Aspire (create-admin, restores).</summary>
internal sealed record ServiceProject(string Folder, string AssemblyName)
{
    private static readonly string Configuration = typeof(ServiceProject).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;

    public static ServiceProject Web { get; } = new("Web", "Labelit.Web");

    public static ServiceProject Worker { get; } = new("Worker", "Labelit.Worker");

    public string ProjectDirectory => Path.Combine(AppHostOptions.RepositoryRoot, "src", Folder);

    /// <summary>Built with the AppHost, which references both projects.</summary>
    public string AssemblyPath => Path.Combine(ProjectDirectory, "bin", Configuration, "net10.0", AssemblyName + ".dll");
}
