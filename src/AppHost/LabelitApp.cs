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
        EnsureDashboardPortIsFree(builder.Configuration["ASPNETCORE_URLS"]);
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

    /// <summary>Aspire would report the dashboard as listening even when another program holds its port.</summary>
    private static void EnsureDashboardPortIsFree(string? urls)
    {
        if (urls?.Split(';').FirstOrDefault() is not { } first || !Uri.TryCreate(first, UriKind.Absolute, out var url))
            return;
        var address = url.Host is "localhost" ? "127.0.0.1" : url.Host;
        if (System.Net.IPAddress.TryParse(address, out _) && !FreePort.IsFree(address, url.Port))
            throw new ServersUnavailableException($"The Aspire dashboard's port {url.Port} is in use (another Labelit running?): " +
                "stop that program, or give the dashboard another address with ASPNETCORE_URLS=http://localhost:<port>.");
    }
}
