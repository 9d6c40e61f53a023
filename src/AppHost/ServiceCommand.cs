using System.Diagnostics;
using Labelit.AppHost.Postgres;
using Labelit.AppHost.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Labelit.AppHost;

/// <summary>
/// Runs a command of Web (create-admin) or of the Worker (restore-backup, restore-label-studio)
/// against the AppHost's database and data directory, with the settings the AppHost gives its
/// services: the database is started for the duration, or the one a running AppHost started is used.
/// </summary>
internal static class ServiceCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, ServiceProject project, string[] args)
    {
        var options = services.GetRequiredService<IOptions<AppHostOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Labelit.AppHost");
        var dataDirectory = options.ResolveDataDirectory();
        try
        {
            await using var database = await PostgresProvisioner.StartAsync(
                services.GetRequiredService<IOptions<PostgresOptions>>().Value, dataDirectory, logger, CancellationToken.None);
            var environment = ServiceEnvironment.Shared(database, dataDirectory, webUrl: "", workerUrl: "");
            return await RunServiceAsync(project, args, environment);
        }
        catch (PostgresUnavailableException exception)
        {
            Console.Error.WriteLine(exception.Message);
            return 1;
        }
    }

    private static async Task<int> RunServiceAsync(ServiceProject project, string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = project.ProjectDirectory, UseShellExecute = false };
        start.ArgumentList.Add(project.AssemblyPath);
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
