using Labelit.Worker.LabelStudio;
using Labelit.Worker.Scheduling;

namespace Labelit.Worker.Datasets;

public static class DatasetSyncExtensions
{
    /// <summary>Dataset sync from storage into LS. Needs AddInstanceManager() and AddStoragePlugins() first.</summary>
    public static IHostApplicationBuilder AddDatasetSync(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatasetSyncOptions>().BindConfiguration(DatasetSyncOptions.Section);
        LabelStudioTasks.Register(builder.Services);
        builder.Services.AddSingleton<DatasetObjects>();
        builder.Services.AddSingleton<DatasetSyncQueue>();
        builder.Services.AddSingleton<DatasetSyncRunner>();
        Labelit.Data.Changes.ChangeNotices.Register(builder.Services);
        builder.Services.AddHostedService<DatasetSyncService>();
        // Re-syncs on each project's schedule, through the clustered scheduler: each tick fires on one Worker.
        builder.AddProjectIntervalJob<DatasetSyncJob>("dataset-sync", "p.dataset->>'syncIntervalMinutes'");
        return builder;
    }
}
