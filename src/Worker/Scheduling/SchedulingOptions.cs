namespace Labelit.Worker.Scheduling;

/// <summary>Configuration section "Scheduling": the clustered Quartz scheduler the Workers share.</summary>
public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>How often every project's triggers are compared with the projects table even without a change notice.</summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often each Worker tells the cluster it is alive; a Worker silent for longer is taken over.</summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Interval unit for per-project jobs; minutes in production, seconds only for tests of the schedule itself.</summary>
    public TimeSpan IntervalUnit { get; set; } = TimeSpan.FromMinutes(1);
}
