namespace Labelit.Worker.Scheduling;

/// <summary>Configuration section "Scheduling": the Hangfire schedules the Workers share through Redis.</summary>
public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>
    /// How often every schedule is compared with the projects table even without a change notice; also
    /// how soon schedules come back after Redis lost them.
    /// </summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Interval unit for per-project schedules; minutes in production, seconds only for tests of the schedule itself.</summary>
    public TimeSpan IntervalUnit { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a finished job stays in Redis (and on the dashboard).</summary>
    public TimeSpan FinishedJobsKeptFor { get; set; } = TimeSpan.FromHours(24);
}
