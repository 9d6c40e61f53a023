using Labelit.Data.Jobs;
using Labelit.Worker.LabelStudio;
using Labelit.Worker.Scheduling;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Labelit.Worker.Exports;

public static class ExportsExtensions
{
    /// <summary>Exports: options from "Exports", runs as Hangfire jobs, and the per-project schedule (interval from export_settings.intervalMinutes).</summary>
    public static IHostApplicationBuilder AddExports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ExportOptions>()
            .BindConfiguration(ExportOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Snapshots of large projects download for minutes; each request's wait is bounded by the run's own limits.
        builder.Services.AddLabelStudioClient<LabelStudioExports>(Timeout.InfiniteTimeSpan);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ExportRunStore>();
        builder.Services.AddSingleton<ExportDestinations>();
        builder.Services.AddSingleton<PerAnnotatorExports>();
        builder.Services.AddSingleton<ExportRunner>();
        builder.Services.AddSingleton<ExportRunDispatcher>();
        Labelit.Data.Changes.ChangeNotices.Register(builder.Services);
        builder.Services.AddHostedService(provider => provider.GetRequiredService<ExportRunDispatcher>());
        builder.AddJobQueue<IExportRunJob, ExportRunJob>(JobQueues.Exports,
            configuration => configuration.GetSection(ExportOptions.Section).Get<ExportOptions>()?.MaxConcurrentRuns ?? new ExportOptions().MaxConcurrentRuns);
        builder.AddProjectSchedule<ExportTick>("export", "p.export_settings->>'intervalMinutes'");
        return builder;
    }
}
