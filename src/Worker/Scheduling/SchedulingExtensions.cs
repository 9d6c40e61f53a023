using Labelit.Data;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;

namespace Labelit.Worker.Scheduling;

public static class SchedulingExtensions
{
    /// <summary>The name every Worker's scheduler shares: the cluster is "all schedulers of this name on this database".</summary>
    public const string SchedulerName = "labelit";

    /// <summary>
    /// Quartz with its ADO job store on Labelit's PostgreSQL (tables from migration 0050), clustered so
    /// that each trigger fires on one Worker only, plus <see cref="ProjectScheduleSync"/>. Idempotent.
    /// </summary>
    public static IHostApplicationBuilder AddLabelitScheduler(this IHostApplicationBuilder builder)
    {
        if (builder.Services.Any(s => s.ServiceType == typeof(SchedulerMarker)))
            return builder;
        builder.Services.AddSingleton<SchedulerMarker>();
        builder.Services.AddOptions<SchedulingOptions>().BindConfiguration(SchedulingOptions.Section);
        var scheduling = builder.Configuration.GetSection(SchedulingOptions.Section).Get<SchedulingOptions>() ?? new SchedulingOptions();
        var connectionString = builder.Configuration.GetConnectionString(DataExtensions.ConnectionName)!;
        builder.Services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = SchedulerName;
                scheduler.GenerateInstanceId = true;
            });
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.UseSystemTextJsonSerializer();
                store.UseClustering(cluster => cluster.CheckinInterval = scheduling.CheckinInterval);
            });
        });
        builder.Services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        builder.Services.AddHealthChecks().AddCheck<SchedulerHealthCheck>("scheduler");
        builder.Services.TryAddSingleton(TimeProvider.System);
        Labelit.Data.Changes.ChangeNotices.Register(builder.Services);
        builder.Services.AddHostedService<ProjectScheduleSync>();
        return builder;
    }

    private sealed class SchedulerMarker;
}
