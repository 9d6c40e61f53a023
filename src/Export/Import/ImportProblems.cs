namespace Labelit.Export.Import;

/// <summary>Counts every problem by kind and keeps the first few in full: a file with 100,000
/// unknown labels reports the count and some examples, not 100,000 lines.</summary>
public sealed class ImportProblems(int keep = ImportProblems.DefaultKept)
{
    public const int DefaultKept = 50;

    private readonly Dictionary<ProblemKind, int> _counts = [];
    private readonly List<ImportProblem> _first = [];

    public IReadOnlyDictionary<ProblemKind, int> Counts => _counts;

    /// <summary>The first problems found, in file order, at most the number asked for.</summary>
    public IReadOnlyList<ImportProblem> First => _first;

    public int Total => _counts.Values.Sum();

    public int Count(ProblemKind kind) => _counts.GetValueOrDefault(kind);

    public void Add(ProblemKind kind, string where, string message)
    {
        _counts[kind] = Count(kind) + 1;
        if (_first.Count < keep)
            _first.Add(new ImportProblem(kind, where, message));
    }
}
