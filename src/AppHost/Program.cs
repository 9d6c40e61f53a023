using Labelit.AppHost.Services;
using Labelit.AppHost.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Labelit.AppHost;

// `dotnet run --project src/AppHost` runs Labelit; `... -- create-admin --email E` adds the first admin.
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var command = args.FirstOrDefault() is { } first && !first.StartsWith('-') ? first : null;
        var builder = Host.CreateApplicationBuilder(command is null ? args : []);
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss ";
        });
        builder.Services.AddOptions<AppHostOptions>().BindConfiguration("AppHost");
        builder.Services.AddOptions<PostgresOptions>().BindConfiguration("Postgres");
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(60));

        switch (command)
        {
            case null:
                builder.Services.AddHostedService<Orchestrator>();
                await builder.Build().RunAsync();
                return Environment.ExitCode;
            case "create-admin":
                return await ServiceCommand.RunAsync(builder.Build().Services, ServiceProject.Web, args);
            case "restore-backup" or "restore-label-studio":
                return await ServiceCommand.RunAsync(builder.Build().Services, ServiceProject.Worker, args);
            default:
                Console.Error.WriteLine($"Unknown command '{command}'. Commands: create-admin --email <address>, " +
                    "restore-backup <folder> (Labelit stopped), restore-label-studio <folder> (Labelit running).");
                return 2;
        }
    }
}
