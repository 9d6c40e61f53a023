using System.Globalization;
using Labelit.Worker.Scheduling;

namespace Labelit.Worker.Progress;

public static class ProgressExtensions
{
    /// <summary>
    /// Labelling progress read from each project's running LS every <c>Progress__IntervalMinutes</c>
    /// (default 1) into PostgreSQL, every task every <c>Progress__FullReadHours</c> (24). Needs AddInstanceManager() first.
    /// </summary>
    public static IHostApplicationBuilder AddProgress(this IHostApplicationBuilder builder)
    {
        LabelStudioTaskChanges.Register(builder.Services);
        builder.Services.AddSingleton<ProgressRecorder>();
        builder.Services.AddSingleton<ProgressReader>();
        builder.Services.AddOptions<ProgressOptions>().BindConfiguration(ProgressOptions.Section);
        var minutes = builder.Configuration.GetSection(ProgressOptions.Section).Get<ProgressOptions>()?.IntervalMinutes ?? 1;
        if (minutes < 1)
            throw new InvalidOperationException("Progress__IntervalMinutes must be a whole number of minutes, 1 or more.");
        builder.AddProjectSchedule<ProgressTick>("progress", $"'{minutes.ToString(CultureInfo.InvariantCulture)}'");
        return builder;
    }
}
