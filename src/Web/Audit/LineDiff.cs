namespace Labelit.Web.Audit;

public enum DiffKind { Same, Removed, Added }

public sealed record DiffLine(DiffKind Kind, string Text)
{
    public string Marker => Kind switch { DiffKind.Removed => "-", DiffKind.Added => "+", _ => " " };
}

/// <summary>A line diff (longest common subsequence) of two texts, for the audit page's before/after view.</summary>
public static class LineDiff
{
    // Label configs run to a few hundred lines; past this the table (lines x lines) gets too big,
    // and the whole before is shown removed and the whole after added.
    private const int MaximumLines = 3000;

    public static IReadOnlyList<DiffLine> Between(string? before, string? after)
    {
        var old = Lines(before);
        var next = Lines(after);
        if (old.Length > MaximumLines || next.Length > MaximumLines)
        {
            return [.. old.Select(l => new DiffLine(DiffKind.Removed, l)), .. next.Select(l => new DiffLine(DiffKind.Added, l))];
        }
        // common[i, j]: length of the longest common subsequence of old[i..] and next[j..].
        var common = new int[old.Length + 1, next.Length + 1];
        for (var i = old.Length - 1; i >= 0; i--)
        {
            for (var j = next.Length - 1; j >= 0; j--)
            {
                common[i, j] = old[i] == next[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }
        var lines = new List<DiffLine>();
        int a = 0, b = 0;
        while (a < old.Length || b < next.Length)
        {
            if (a < old.Length && b < next.Length && old[a] == next[b])
            {
                lines.Add(new(DiffKind.Same, old[a++]));
                b++;
            }
            // Removed lines before added ones, as in a unified diff.
            else if (a < old.Length && (b == next.Length || common[a + 1, b] >= common[a, b + 1]))
            {
                lines.Add(new(DiffKind.Removed, old[a++]));
            }
            else
            {
                lines.Add(new(DiffKind.Added, next[b++]));
            }
        }
        return lines;
    }

    private static string[] Lines(string? text) =>
        string.IsNullOrEmpty(text) ? [] : text.ReplaceLineEndings("\n").Split('\n');
}
