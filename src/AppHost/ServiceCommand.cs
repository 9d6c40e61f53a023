using System.Diagnostics;
using Aspire.Hosting;
using Labelit.AppHost.Servers;
using Labelit.AppHost.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Labelit.AppHost;

/// <summary>
/// Runs a command of Web (create-admin) or of the Worker (restore-backup, restore-label-studio) with
/// the settings Aspire gives those services: against the servers of the Labelit running on this data
/// folder, or, when none runs, against its servers started (without Web and Worker) for the duration.
/// </summary>
internal static class ServiceCommand
{
    public static async Task<int> RunAsync(AppHostOptions options, ServiceProject project, string[] args)
    {
        var dataDirectory = options.ResolveDataDirectory();
        var running = RunFile.ReadRunning(dataDirectory);
        if (running is not null)
        {
            return await RunServiceAsync(project, args, running);
        }

        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = [], DisableDashboard = true });
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        var servers = LabelitServers.Add(builder, options, dataDirectory);
        await using var app = builder.Build();
        await app.StartAsync();
        try
        {
            var notifications = app.Services.GetRequiredService<Aspire.Hosting.ApplicationModel.ResourceNotificationService>();
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await notifications.WaitForResourceHealthyAsync(servers.Database.Resource.Name, limit.Token);
            await notifications.WaitForResourceHealthyAsync(servers.Redis.Resource.Name, limit.Token);
            return await RunServiceAsync(project, args, await ServerEnvironmentAsync(servers, dataDirectory));
        }
        finally
        {
            await app.StopAsync();
        }
    }

    /// <summary>What Aspire passes Web and the Worker, resolved to values.</summary>
    public static async Task<Dictionary<string, string>> ServerEnvironmentAsync(LabelitServers servers, string dataDirectory) => new()
    {
        ["ConnectionStrings__labelit"] = (await servers.Database.Resource.GetConnectionStringAsync())!,
        ["ConnectionStrings__redis"] = (await servers.Redis.Resource.GetConnectionStringAsync())!,
        ["DataProtection__MasterKeyFile"] = LabelitServices.MasterKeyFile(dataDirectory),
        ["Labelit__DataDirectory"] = dataDirectory,
    };

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
