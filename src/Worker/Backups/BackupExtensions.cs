using Labelit.Data.Instances;
using Labelit.Worker.LabelStudio;
using Labelit.Worker.Scheduling;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Labelit.Worker.Backups;

public static class BackupExtensions
{
    /// <summary>
    /// Registers <see cref="BackupRunner"/> (options from "Backups") and its schedule in the clustered
    /// scheduler (<see cref="BackupSchedule"/>). Needs AddLabelitData() and AddLabelitDataProtection() first.
    /// </summary>
    public static IHostApplicationBuilder AddBackups(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BackupOptions>()
            .BindConfiguration(BackupOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.AddLabelitInstanceStore();
        builder.Services.TryAddSingleton<RunningInstances>();
        builder.Services.AddLabelStudioClient<LabelStudioDataClient>(Timeout.InfiniteTimeSpan);
        LabelStudioTasks.Register(builder.Services);
        builder.Services.AddSingleton<BackupRuns>();
        builder.Services.AddSingleton<BackupRunner>();
        builder.AddLabelitScheduler();
        builder.Services.AddHostedService<BackupSchedule>();
        return builder;
    }
}
