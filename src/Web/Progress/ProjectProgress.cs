namespace Labelit.Web.Progress;

/// <summary>A project's labelling figures as the Worker last read them from its LS.</summary>
/// <param name="ReadAt">When the figures were last read; null when LS was never read.</param>
/// <param name="Failure">Why the last read failed (the figures are then those of <paramref name="ReadAt"/>).</param>
public sealed record ProjectProgress(
    long ProjectId, int TasksTotal, int Labelled, int Skipped, int Annotations,
    DateTimeOffset? ReadAt, DateTimeOffset? FailedAt, string? Failure)
{
    public int Remaining => Math.Max(0, TasksTotal - Labelled - Skipped);

    /// <summary>Share of tasks labelled or skipped, 0..100.</summary>
    public int PercentDone => TasksTotal == 0 ? 0 : (int)Math.Round(100.0 * (Labelled + Skipped) / TasksTotal);

    public static ProjectProgress NeverRead(long projectId) => new(projectId, 0, 0, 0, 0, null, null, null);
}

/// <summary>
/// One person's work in a project. <paramref name="Standing"/> says whether they still work on it, so that
/// the history of an unassigned or deactivated annotator stays visible and is marked as such.
/// </summary>
public sealed record AnnotatorProgress(
    long? UserId, string Name, string Standing, int Done, int Skipped, double MedianSeconds, double TotalSeconds, DateTimeOffset? LastActivity);

public static class Standings
{
    public const string Assigned = "assigned";
    public const string Unassigned = "no longer assigned";
    public const string Deactivated = "deactivated";
    public const string Manager = "manager";
    public const string Admin = "admin";
    public const string LabelStudioAdmin = "not a Labelit user";
}

/// <summary>Tasks one person labelled on one day (UTC).</summary>
public sealed record DailyDone(DateOnly Day, string Name, int Tasks);

/// <summary>Tasks left at the end of a day (UTC).</summary>
public sealed record BurnDownPoint(DateOnly Day, int Remaining);

/// <summary>What an annotator's home shows for one of their projects.</summary>
public sealed record OwnProgress(long ProjectId, int TasksLeft, int DoneByMe, DateTimeOffset? ReadAt);
