namespace Labelit.Export.Import;

/// <summary>The dry run's answer, shown before anything is written: how many labels will go to how
/// many tasks, and what is left out and why (counts per kind, the first problems in full).</summary>
public sealed record ImportSummary(
    string Format,
    int FilesInImport,
    int LabelsRead,
    int LabelsToImport,
    int TasksToLabel,
    int ProjectTasks,
    int FilesMatched,
    IReadOnlyDictionary<string, int> ProblemCounts,
    IReadOnlyList<ImportSummaryProblem> FirstProblems)
{
    /// <summary>Labels left out: unknown labels, boxes outside the image, malformed entries, and labels of unmatched files.</summary>
    public int ProblemTotal => ProblemCounts.Values.Sum();

    public bool HasAnythingToImport => LabelsToImport > 0;

    internal static ImportSummary From(ParsedLabels parsed, int projectTasks, int filesMatched, int labelsToImport, int tasksToLabel) => new(
        parsed.Format.Name(),
        parsed.FilesMentioned,
        parsed.Labels.Count,
        labelsToImport,
        tasksToLabel,
        projectTasks,
        filesMatched,
        parsed.Problems.Counts.OrderBy(p => p.Key).ToDictionary(p => Describe(p.Key), p => p.Value),
        parsed.Problems.First.Select(p => new ImportSummaryProblem(Describe(p.Kind), p.Where, p.Message)).ToList());

    /// <summary>The words a user reads for each kind of problem (also the keys of <see cref="ProblemCounts"/>).</summary>
    public static string Describe(ProblemKind kind) => kind switch
    {
        ProblemKind.Malformed => "malformed",
        ProblemKind.UnknownLabel => "unknown label",
        ProblemKind.OutsideImage => "box outside the image",
        ProblemKind.UnmatchedFile => "file matching no task",
        ProblemKind.DuplicateId => "duplicate id",
        _ => "not supported by the label config",
    };
}

public sealed record ImportSummaryProblem(string Kind, string Where, string Message);
