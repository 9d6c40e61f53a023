using Aspire.Hosting;
using Labelit.AppHost.Servers;
using Labelit.AppHost.Services;

namespace Labelit.AppHost;

/// <summary>The system's diagram: PostgreSQL with the labelit database, Redis, the Worker, and Web in front.</summary>
internal static class LabelitApp
{
    public static async Task<int> RunAsync(AppHostOptions options, string[] args)
    {
        var dataDirectory = options.ResolveDataDirectory();
        var builder = DistributedApplication.CreateBuilder(args);
        var servers = LabelitServers.Add(builder, options, dataDirectory);

        var web = builder.AddProject<Projects.Labelit_Web>("web")
            .WithPublicEndpoint(options)
            .WithLabelitState(servers, dataDirectory)
            .AnnounceWhenReady(servers.Database);
        var worker = builder.AddProject<Projects.Labelit_Worker>("worker")
            .WithHttpEndpoint(name: "http")
            .WithLabelitState(servers, dataDirectory)
            .WithReference(web); // the public URL LS writes its links under

        web.OnResourceReady(async (_, _, _) =>
            RunFile.Write(dataDirectory, await ServiceCommand.ServerEnvironmentAsync(servers, dataDirectory)));
        try
        {
            await builder.Build().RunAsync();
        }
        finally
        {
            RunFile.Delete(dataDirectory);
        }
        return 0;
    }
}
