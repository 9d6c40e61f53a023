namespace Labelit.Web.Progress;

/// <summary>
/// What the project page's progress section shows; <see cref="Annotators"/> and <see cref="Agreement"/> are
/// empty for those who may not see other people's work.
/// </summary>
public sealed record ProgressView(
    ProjectProgress Project, IReadOnlyList<AnnotatorProgress> Annotators, IReadOnlyList<DailyDone> Daily,
    IReadOnlyList<BurnDownPoint> BurnDown, AgreementSummary Agreement, bool ShowsPeople, bool LabelStudioRunning, DateTimeOffset Now)
{
    public static async Task<ProgressView> LoadAsync(ProgressStore store, AgreementStore agreement, long projectId, bool showsPeople,
        bool labelStudioRunning, int chartDays, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var project = await store.ForProjectAsync(projectId, cancellationToken);
        return new ProgressView(project,
            showsPeople ? await store.AnnotatorsAsync(projectId, cancellationToken) : [],
            showsPeople ? await store.DailyDoneAsync(projectId, chartDays, cancellationToken) : [],
            await store.BurnDownAsync(projectId, project.TasksTotal, cancellationToken),
            showsPeople ? await agreement.ForProjectAsync(projectId, cancellationToken) : AgreementSummary.None,
            showsPeople, labelStudioRunning, now);
    }

    /// <summary>"2 minutes ago": how old the figures are, in words.</summary>
    public static string Age(DateTimeOffset then, DateTimeOffset now)
    {
        var age = now - then;
        return age.TotalSeconds < 60 ? "less than a minute ago"
            : age.TotalMinutes < 120 ? $"{(int)age.TotalMinutes} minute{((int)age.TotalMinutes == 1 ? "" : "s")} ago"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours} hours ago"
            : $"on {then:yyyy-MM-dd HH:mm} UTC";
    }

    /// <summary>"1 h 05 min", "3 min 20 s", "42 s".</summary>
    public static string Duration(double seconds)
    {
        var time = TimeSpan.FromSeconds(Math.Round(seconds));
        return time.TotalHours >= 1 ? $"{(int)time.TotalHours} h {time.Minutes:00} min"
            : time.TotalMinutes >= 1 ? $"{time.Minutes} min {time.Seconds:00} s"
            : $"{time.Seconds} s";
    }
}
