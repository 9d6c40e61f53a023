namespace Labelit.Worker.Progress;

/// <summary><c>Progress__*</c>: how often the Worker reads progress from each running LS.</summary>
public sealed class ProgressOptions
{
    public const string Section = "Progress";

    /// <summary>Minutes between two reads of a project (only the tasks changed since the last read).</summary>
    public int IntervalMinutes { get; set; } = 1;

    /// <summary>Hours between two reads of every task, which forget the tasks deleted in LS.</summary>
    public double FullReadHours { get; set; } = 24;

    public TimeSpan FullReadEvery => TimeSpan.FromHours(FullReadHours);
}
