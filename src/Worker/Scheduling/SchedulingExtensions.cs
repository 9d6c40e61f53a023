using Hangfire;
using Hangfire.Redis.StackExchange;
using Labelit.Data;
using Labelit.Worker.Instances;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Labelit.Worker.Scheduling;

public static class SchedulingExtensions
{
    /// <summary>
    /// Hangfire with its storage on Redis (Aspire's IConnectionMultiplexer) and a job server in this
    /// Worker, plus <see cref="ProjectScheduleSync"/>. Idempotent.
    /// </summary>
    public static IHostApplicationBuilder AddLabelitScheduler(this IHostApplicationBuilder builder)
    {
        if (builder.Services.Any(s => s.ServiceType == typeof(SchedulerMarker)))
            return builder;
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(RedisExtensions.ConnectionName)))
            throw new InvalidOperationException(
                "The Worker keeps its schedules in Redis: set ConnectionStrings__redis (the AppHost does this for you: dotnet run --project src/AppHost).");
        builder.Services.AddSingleton<SchedulerMarker>();
        builder.Services.AddOptions<SchedulingOptions>().BindConfiguration(SchedulingOptions.Section);
        var scheduling = builder.Configuration.GetSection(SchedulingOptions.Section).Get<SchedulingOptions>() ?? new SchedulingOptions();
        builder.Services.AddHangfire((provider, hangfire) => hangfire
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseRedisStorage(provider.GetRequiredService<IConnectionMultiplexer>(), new RedisStorageOptions { Prefix = Labelit.Data.Jobs.JobStorageKeys.RedisPrefix })
            .WithJobExpirationTimeout(scheduling.FinishedJobsKeptFor));
        builder.Services.AddHangfireServer((provider, server) =>
        {
            server.ServerName = provider.GetRequiredService<IOptions<InstanceOptions>>().Value.WorkerId;
            // Recurring jobs are looked at this often: a unit of seconds (tests) needs a finer poll.
            server.SchedulePollingInterval = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(15).Ticks, scheduling.IntervalUnit.Ticks));
            server.WorkerCount = 4;
        });
        builder.Services.AddHealthChecks().AddCheck<SchedulerHealthCheck>("scheduler");
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ProjectScheduleStore>();
        builder.Services.AddTransient<Labelit.Data.Jobs.IProjectTickJob, ProjectTickJob>();
        Labelit.Data.Changes.ChangeNotices.Register(builder.Services);
        builder.Services.AddHostedService<ProjectScheduleSync>();
        return builder;
    }

    /// <summary>
    /// One recurring job per active project for <typeparamref name="TTick"/>, every N units with N from
    /// <paramref name="intervalSql"/>. Adding another per-project schedule is this one line (plus the tick class).
    /// </summary>
    public static IHostApplicationBuilder AddProjectSchedule<TTick>(this IHostApplicationBuilder builder, string kind, string intervalSql)
        where TTick : class, IProjectTick
    {
        builder.AddLabelitScheduler();
        builder.Services.AddTransient<TTick>();
        builder.Services.AddSingleton(new ProjectSchedule(kind, intervalSql, typeof(TTick)));
        return builder;
    }

    /// <summary>
    /// Jobs of <typeparamref name="TJob"/> on their own Hangfire queue, worked on by a job server of this
    /// Worker with <paramref name="workerCount"/> threads: that many runs of the kind at once per Worker.
    /// </summary>
    public static IHostApplicationBuilder AddJobQueue<TJob, TImplementation>(
        this IHostApplicationBuilder builder, string queue, Func<IConfiguration, int> workerCount)
        where TJob : class
        where TImplementation : class, TJob
    {
        builder.AddLabelitScheduler();
        builder.Services.AddTransient<TJob, TImplementation>();
        var count = workerCount(builder.Configuration);
        builder.Services.AddHangfireServer((provider, server) =>
        {
            server.ServerName = $"{provider.GetRequiredService<IOptions<InstanceOptions>>().Value.WorkerId}:{queue}";
            server.Queues = [queue];
            server.WorkerCount = count;
        });
        return builder;
    }

    private sealed class SchedulerMarker;
}
