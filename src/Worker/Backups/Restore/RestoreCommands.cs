using System.Globalization;
using Labelit.Data;
using Labelit.Data.Protection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Labelit.Worker.Backups.Restore;

/// <summary>
/// The Worker's restore commands (docs/backup-restore.md):
/// <c>restore-backup &lt;folder&gt; [--force]</c> with Labelit stopped, then
/// <c>restore-label-studio &lt;folder&gt; [--wait-seconds N]</c> with Labelit running again.
/// Settings come from the same environment the Worker gets (ConnectionStrings__labelit, ...).
/// </summary>
public static class RestoreCommands
{
    public const string RestoreDatabase = "restore-backup";
    public const string RestoreLabelStudio = "restore-label-studio";

    public static bool Handles(string[] args) => args is [RestoreDatabase or RestoreLabelStudio, ..];

    public static async Task<int> RunAsync(string[] args)
    {
        var (folder, force, wait, settings, error) = Parse(args[1..]);
        if (error is not null)
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine($"Usage: {RestoreDatabase} <backup folder> [--force]");
            Console.Error.WriteLine($"       {RestoreLabelStudio} <backup folder> [--wait-seconds N]");
            return 2;
        }
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            var backup = await BackupFolder.OpenAsync(folder!, cancel.Token);
            Console.Out.WriteLine($"Backup {backup.Path} from {backup.Manifest.CreatedAt:u} is complete and undamaged.");
            return args[0] == RestoreDatabase
                ? await RestoreDatabaseAsync(backup, force, settings, cancel.Token)
                : await RestoreLabelStudioAsync(backup, wait, settings, cancel.Token);
        }
        catch (Exception exception) when (exception is BackupFolderException or RestoreRefusedException)
        {
            Console.Error.WriteLine(exception.Message);
            return 1;
        }
        catch (Exception exception) when (exception is InvalidOperationException or NpgsqlException)
        {
            Console.Error.WriteLine($"The restore failed: {exception.Message}");
            return 1;
        }
    }

    private static async Task<int> RestoreDatabaseAsync(BackupFolder backup, bool force, string[] settings, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(settings);
        var connectionString = ConnectionString(builder.Configuration);
        var options = builder.Configuration.GetSection(BackupOptions.Section).Get<BackupOptions>() ?? new BackupOptions();
        await new DatabaseRestorer(connectionString, new PostgresTools(options.PgDumpPath), Console.Out)
            .RestoreAsync(backup, force, cancellationToken);
        return 0;
    }

    private static async Task<int> RestoreLabelStudioAsync(BackupFolder backup, TimeSpan? wait, string[] settings, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        ConnectionString(builder.Configuration);
        builder.AddLabelitData();
        builder.AddLabelitDataProtection();
        builder.AddBackups();
        // Not started: the services are used directly, and the running Worker does the instance work.
        using var host = builder.Build();
        var restorer = new LabelStudioRestorer(host.Services.GetRequiredService<NpgsqlDataSource>(),
            host.Services.GetRequiredService<LabelStudio.RunningInstances>(),
            host.Services.GetRequiredService<LabelStudioDataClient>(), host.Services.GetRequiredService<LabelStudio.LabelStudioTasks>(), Console.Out);
        var outcomes = await restorer.RestoreAsync(backup,
            wait ?? host.Services.GetRequiredService<IOptions<BackupOptions>>().Value.InstanceWaitTimeout, cancellationToken);
        Console.Out.WriteLine($"{outcomes.Count(o => o.Status == "restored")} restored, {outcomes.Count(o => o.Status == "skipped")} skipped, " +
            $"{outcomes.Count(o => o.Status is "failed" or "incomplete")} failed.");
        return outcomes.Any(o => o.Status is "failed" or "incomplete") ? 1 : 0;
    }

    private static string ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(DataExtensions.ConnectionName) is { Length: > 0 } value ? value
            : throw new InvalidOperationException(
                $"No database configured: set ConnectionStrings__{DataExtensions.ConnectionName} as for the Worker (see docs/backup-restore.md).");

    /// <summary>The folder, this command's own flags, and the rest (--Section:Key=value settings) for configuration.</summary>
    private static (string? Folder, bool Force, TimeSpan? Wait, string[] Settings, string? Error) Parse(string[] args)
    {
        string? folder = null;
        var force = false;
        TimeSpan? wait = null;
        var settings = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--force":
                    force = true;
                    break;
                case "--wait-seconds" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var seconds) && seconds > 0:
                    wait = TimeSpan.FromSeconds(seconds);
                    i++;
                    break;
                case "--wait-seconds":
                    return (null, false, null, [], "--wait-seconds needs a positive number of seconds.");
                case var setting when setting.StartsWith("--", StringComparison.Ordinal) && setting.Contains('='):
                    settings.Add(setting);
                    break;
                case var unknown when unknown.StartsWith('-'):
                    return (null, false, null, [], $"Unknown option {unknown}.");
                case var path when folder is null:
                    folder = path;
                    break;
                default:
                    return (null, false, null, [], $"Only one backup folder, please ({folder}, {args[i]}).");
            }
        }
        return folder is null ? (null, false, null, [], "Which backup folder? Name it after the command.") : (folder, force, wait, [.. settings], null);
    }
}
