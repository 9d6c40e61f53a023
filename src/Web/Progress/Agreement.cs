namespace Labelit.Web.Progress;

/// <summary>
/// Agreement between annotators on the tasks several of them labelled (0..1, see
/// src/Worker/Progress/Agreement): overall, per pair of people, and the tasks they disagree on most.
/// </summary>
/// <param name="TasksCompared">Tasks labelled by two people or more; 0 when nobody's work overlaps.</param>
/// <param name="Overall">The mean of the compared tasks' agreement.</param>
public sealed record AgreementSummary(int TasksCompared, double Overall, IReadOnlyList<PairSummary> Pairs, IReadOnlyList<DisagreedTask> LeastAgreed)
{
    public static AgreementSummary None { get; } = new(0, 0, [], []);

    /// <summary>"83 %": agreement as people read it.</summary>
    public static string Percent(double agreement) => $"{Math.Round(100 * agreement):0} %";
}

/// <summary>Two people's agreement on the tasks both labelled.</summary>
public sealed record PairSummary(string First, string Second, int Tasks, double Agreement);

/// <summary>A task labelled by several people, with how far they agree and where it opens in LS through Labelit.</summary>
/// <param name="Link">The task in LS's Data Manager through Labelit's proxy; null while the project has no LS project yet.</param>
public sealed record DisagreedTask(int TaskId, double Agreement, IReadOnlyList<string> Annotators, string? Link);
