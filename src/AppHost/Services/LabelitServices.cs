using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Labelit.AppHost.Servers;

namespace Labelit.AppHost.Services;

/// <summary>What Web and the Worker both get from the AppHost.</summary>
internal static class LabelitServices
{
    public static IResourceBuilder<ProjectResource> WithLabelitState(
        this IResourceBuilder<ProjectResource> service, LabelitServers servers, string dataDirectory) =>
        service
            .WithReference(servers.Database, "labelit").WaitFor(servers.Database)
            .WithReference(servers.Redis, "redis").WaitFor(servers.Redis)
            .WithEnvironment("DataProtection__MasterKeyFile", MasterKeyFile(dataDirectory))
            .WithEnvironment("Labelit__DataDirectory", dataDirectory)
            .WithHttpHealthCheck("/health");

    /// <summary>
    /// Web listens where people reach it, straight from Kestrel (no Aspire proxy in front: every
    /// labelling request would pay for the extra hop).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPublicEndpoint(this IResourceBuilder<ProjectResource> web, AppHostOptions options)
    {
        if (options.WebPort is { } port && !FreePort.IsFree(options.WebBindAddress, port))
            throw new ServersUnavailableException($"AppHost:WebPort {port} is in use by another program on {options.WebBindAddress}: " +
                "stop that program, choose another port (AppHost__WebPort), or leave it unset for a free one.");
        return web.WithHttpEndpoint(port: options.WebPort ?? FreePort.Next(), name: "http", isProxied: false)
            .WithEndpoint("http", endpoint => endpoint.TargetHost = options.WebBindAddress)
            .WithExternalHttpEndpoints();
    }

    /// <summary>
    /// The key that encrypts the services' key ring at rest. It stays on disk beside the database,
    /// never in it, so a copy of the database alone reveals no secret.
    /// </summary>
    public static string MasterKeyFile(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "master.key");
        SecretFile.ReadOrCreate(path, 32, base64: true);
        return path;
    }
}
