using Labelit.AppHost.Servers;
using Labelit.AppHost.Services;
using Microsoft.Extensions.Configuration;

namespace Labelit.AppHost;

// `dotnet run --project src/AppHost` runs Labelit under Aspire; `... -- create-admin --email E` adds
// the first admin; `restore-backup` and `restore-label-studio` restore a backup (docs/backup-restore.md).
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var command = args.FirstOrDefault() is { } first && !first.StartsWith('-') ? first : null;
        var options = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(command is null ? args : [])
            .Build().GetSection("AppHost").Get<AppHostOptions>() ?? new AppHostOptions();
        try
        {
            return command switch
            {
                null => await LabelitApp.RunAsync(options, args),
                "create-admin" => await ServiceCommand.RunAsync(options, ServiceProject.Web, args),
                "restore-backup" or "restore-label-studio" => await ServiceCommand.RunAsync(options, ServiceProject.Worker, args),
                _ => Unknown(command),
            };
        }
        catch (ServersUnavailableException exception)
        {
            Console.Error.WriteLine(exception.Message);
            return 1;
        }
    }

    private static int Unknown(string command)
    {
        Console.Error.WriteLine($"Unknown command '{command}'. Commands: create-admin --email <address>, " +
            "restore-backup <folder> (Labelit stopped), restore-label-studio <folder> (Labelit running).");
        return 2;
    }
}
