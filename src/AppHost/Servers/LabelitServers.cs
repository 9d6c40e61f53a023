using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Labelit.AppHost.Servers;

/// <summary>The two servers Web and Worker need: the labelit database and Redis.</summary>
internal sealed record LabelitServers(
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<IResourceWithConnectionString> Redis)
{
    public static LabelitServers Add(IDistributedApplicationBuilder builder, AppHostOptions options, string dataDirectory) =>
        ServerMode.Choose(options.Servers, options.PostgresBinDirectory) == "Container"
            ? new(builder.AddPostgresContainer(dataDirectory), builder.AddRedisContainer(dataDirectory))
            : new(builder.AddLocalPostgres(options, dataDirectory), builder.AddLocalRedis(dataDirectory));
}
