using Labelit.Data.Jobs;
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
        builder.Services.AddSingleton<RunningSyncs>();
        builder.Services.AddHostedService<DatasetSyncDispatcher>();
        // One sync at a time per Worker: a sync keeps its project's LS busy importing.
        builder.AddJobQueue<IDatasetSyncJob, DatasetSyncJob>(JobQueues.DatasetSyncs, _ => 1);
        // Re-syncs on each project's schedule, on Hangfire: each tick is taken once (project_schedules).
        builder.AddProjectSchedule<DatasetSyncTick>("dataset-sync", "p.dataset->>'syncIntervalMinutes'");
        return builder;
    }
}
