using System.Diagnostics;
using Labelit.AppHost.Postgres;
using Labelit.AppHost.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Labelit.AppHost;

/// <summary>
/// Runs one of Web's command-line commands (e.g. create-admin) against the AppHost's database,
/// starting the database for the duration, or using the one a running AppHost already started.
/// </summary>
internal static class WebCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var options = services.GetRequiredService<IOptions<AppHostOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Labelit.AppHost");
        var dataDirectory = options.ResolveDataDirectory();
        try
        {
            await using var database = await PostgresProvisioner.StartAsync(
                services.GetRequiredService<IOptions<PostgresOptions>>().Value, dataDirectory, logger, CancellationToken.None);
            var environment = ServiceEnvironment.Shared(database, dataDirectory, webUrl: "", workerUrl: "");
            return await RunWebAsync(args, environment);
        }
        catch (PostgresUnavailableException exception)
        {
            Console.Error.WriteLine(exception.Message);
            return 1;
        }
    }

    private static async Task<int> RunWebAsync(string[] args, Dictionary<string, string> environment)
    {
        var web = ServiceProject.Web;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = web.ProjectDirectory, UseShellExecute = false };
        start.ArgumentList.Add(web.AssemblyPath);
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        // Standard input stays the terminal's, so the password prompt works (or a pipe feeds it).
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
