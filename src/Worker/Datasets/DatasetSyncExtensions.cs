using Labelit.Worker.LabelStudio;
using Labelit.Worker.Scheduling;

namespace Labelit.Worker.Datasets;

public static class DatasetSyncExtensions
{
    /// <summary>Dataset sync from storage into LS. Needs AddInstanceManager() and AddStoragePlugins() first.</summary>
    public static IHostApplicationBuilder AddDatasetSync(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatasetSyncOptions>().BindConfiguration(DatasetSyncOptions.Section);
        builder.Services.AddHttpClient<LabelStudioTasks>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            .ConfigureHttpClient(http => http.Timeout = TimeSpan.FromMinutes(5));
        builder.Services.AddSingleton<DatasetObjects>();
        builder.Services.AddSingleton<DatasetSyncQueue>();
        builder.Services.AddSingleton<DatasetSyncRunner>();
        builder.Services.AddHostedService<DatasetSyncService>();
        // Re-syncs on each project's schedule, through the clustered scheduler: each tick fires on one Worker.
        builder.AddProjectIntervalJob<DatasetSyncJob>("dataset-sync", "p.dataset->>'syncIntervalMinutes'");
        return builder;
    }
}
