namespace Labelit.Web.Progress;

/// <summary><c>Progress__*</c>: how the project page keeps its figures current.</summary>
public sealed class ProgressOptions
{
    public const string Section = "Progress";

    /// <summary>How often an open project page asks for fresh figures (they change once a minute at most, as the Worker reads LS).</summary>
    public int RefreshSeconds { get; set; } = 15;

    /// <summary>How many days the "tasks labelled per day" chart covers.</summary>
    public int ChartDays { get; set; } = 14;
}
