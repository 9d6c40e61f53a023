using Quartz;

namespace Labelit.Worker.Scheduling;

/// <summary>
/// A job that runs for each active project every N minutes, N read from the project's row by
/// <see cref="IntervalMinutesSql"/> (0, missing or not a number: not scheduled).
/// </summary>
/// <param name="Name">Names the Quartz group and each project's job and trigger ("export" -> "export-42").</param>
/// <param name="JobType">The <see cref="IJob"/> that runs; it reads the project id with <see cref="ProjectIntervalJobs.ProjectOf"/>.</param>
/// <param name="IntervalMinutesSql">A SQL expression over <c>projects p</c> giving the minutes as text, e.g. <c>p.export_settings->>'intervalMinutes'</c>.</param>
public sealed record ProjectIntervalJob(string Name, Type JobType, string IntervalMinutesSql)
{
    public JobKey JobKey(long projectId) => new($"{Name}-{projectId}", Name);

    public TriggerKey TriggerKey(long projectId) => new($"{Name}-{projectId}", Name);
}

public static class ProjectIntervalJobs
{
    public const string ProjectIdKey = "projectId";

    /// <summary>The project a firing is for.</summary>
    public static long ProjectOf(IJobExecutionContext context) => long.Parse(context.MergedJobDataMap.GetString(ProjectIdKey)!);

    /// <summary>
    /// Keeps one Quartz trigger per active project for <typeparamref name="TJob"/>, in step with the
    /// projects table. Adding another per-project job is this one line (plus the job class).
    /// </summary>
    public static IHostApplicationBuilder AddProjectIntervalJob<TJob>(this IHostApplicationBuilder builder, string name, string intervalMinutesSql)
        where TJob : class, IJob
    {
        builder.AddLabelitScheduler();
        builder.Services.AddTransient<TJob>();
        builder.Services.AddSingleton(new ProjectIntervalJob(name, typeof(TJob), intervalMinutesSql));
        return builder;
    }
}
