using Labelit.Data.Instances;
using Labelit.Worker.LabelStudio;
using Labelit.Worker.Scheduling;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Labelit.Worker.Backups;

public static class BackupExtensions
{
    /// <summary>
    /// Registers <see cref="BackupRunner"/> (options from "Backups"), without its schedule (restore
    /// commands and tests run it alone). Needs AddLabelitData() and AddLabelitDataProtection() first.
    /// </summary>
    public static IHostApplicationBuilder AddBackups(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BackupOptions>()
            .BindConfiguration(BackupOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => BackupSchedule.IsExpressible(o.IntervalHours), "Backups:IntervalHours must divide a day (1, 2, 3, 4, 6, 8, 12) or be whole days (24, 48, ...).")
            .ValidateOnStart();
        builder.AddLabelitInstanceStore();
        builder.Services.TryAddSingleton<RunningInstances>();
        builder.Services.AddLabelStudioClient<LabelStudioDataClient>(Timeout.InfiniteTimeSpan);
        LabelStudioTasks.Register(builder.Services);
        builder.Services.AddSingleton<BackupRuns>();
        builder.Services.AddSingleton<BackupRunner>();
        return builder;
    }

    /// <summary>The backup recurring job on Hangfire (<see cref="BackupSchedule"/>); needs Redis. Call after AddBackups().</summary>
    public static IHostApplicationBuilder AddBackupSchedule(this IHostApplicationBuilder builder)
    {
        builder.AddLabelitScheduler();
        builder.Services.AddTransient<Labelit.Data.Jobs.IBackupJob, BackupJob>();
        builder.Services.AddHostedService<BackupSchedule>();
        return builder;
    }
}
