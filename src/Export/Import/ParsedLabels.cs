namespace Labelit.Export.Import;

/// <summary>Every usable label of an import file, and the problems of those left out.</summary>
public sealed class ParsedLabels(LabelFormat format, ImportProblems problems)
{
    private readonly List<ImportedLabel> _labels = [];

    public LabelFormat Format { get; } = format;

    public IReadOnlyList<ImportedLabel> Labels => _labels;

    public ImportProblems Problems { get; } = problems;

    /// <summary>Files (images or documents) the import file mentions, with labels or without.</summary>
    public int FilesMentioned { get; internal set; }

    internal void Add(ImportedLabel label) => _labels.Add(label);

    internal void Problem(ProblemKind kind, string where, string message) => Problems.Add(kind, where, message);
}
