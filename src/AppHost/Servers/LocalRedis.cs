using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Labelit.AppHost.Servers;

/// <summary>
/// Redis from this machine's redis-server, as an Aspire executable resource: loopback only, a
/// generated password, data in &lt;data&gt;/redis with the append-only file on (at most a second of
/// writes lost in a crash), as the container mode keeps it.
/// </summary>
internal static class LocalRedis
{
    private static readonly string[] Candidates = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"];

    public static bool IsInstalled => Candidates.Any(File.Exists);

    public static IResourceBuilder<IResourceWithConnectionString> AddLocalRedis(this IDistributedApplicationBuilder builder, string dataDirectory)
    {
        var program = Candidates.FirstOrDefault(File.Exists) ?? throw new ServersUnavailableException(
            "Redis was not found: install it (Debian/Ubuntu: sudo apt-get install redis-server), or Docker or Podman to run it in a container.");
        var directory = Path.Combine(dataDirectory, "redis");
        var password = SecretFile.ReadOrCreate(Path.Combine(directory, "password"), 24);

        // The password goes in an owner-only config file, not on the command line, where ps shows it.
        var config = Path.Combine(directory, "redis.conf");
        SecretFile.Write(config, string.Join('\n',
            "bind 127.0.0.1", "protected-mode yes", $"dir {directory}", "appendonly yes", "appendfsync everysec",
            "save \"\"", $"requirepass {password}", ""));

        var server = builder.AddResource(new LocalRedisResource("redis", program, directory))
            .WithEndpoint(name: "tcp", scheme: "tcp")
            .WithIconName("Memory");
        var endpoint = server.GetEndpoint("tcp");
        server.WithArgs(context =>
        {
            context.Args.Add(config);
            context.Args.Add("--port");
            context.Args.Add(endpoint.Property(EndpointProperty.TargetPort));
        });
        server.Resource.ConnectionStringExpression = ReferenceExpression.Create(
            $"{endpoint.Property(EndpointProperty.Host)}:{endpoint.Property(EndpointProperty.Port)},password={builder.AddParameter("redis-password", password, secret: true)}");

        builder.Services.AddHealthChecks().AddRedis(
            _ => server.Resource.ConnectionStringExpression.GetValueAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult()!,
            name: "redis-ready");
        return server.WithHealthCheck("redis-ready");
    }

    private sealed class LocalRedisResource(string name, string command, string workingDirectory)
        : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
    {
        public ReferenceExpression ConnectionStringExpression { get; set; } = ReferenceExpression.Create($"");
    }
}
