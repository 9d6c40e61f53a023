namespace Labelit.Export.Import;

/// <summary>Labels grouped by the task they go to, and what the dry run tells the user.</summary>
public sealed record MatchedLabels(IReadOnlyDictionary<long, IReadOnlyList<ImportedLabel>> ByTask, ImportSummary Summary);

/// <summary>Puts each parsed label on its task; labels whose file matches no task are counted and
/// reported once per file.</summary>
public static class LabelMatcher
{
    public static MatchedLabels Match(ParsedLabels parsed, TaskIndex tasks)
    {
        var byTask = new Dictionary<long, List<ImportedLabel>>();
        var resolved = new Dictionary<string, long?>(StringComparer.Ordinal);
        var unmatchedLabels = 0;
        var matchedFiles = 0;
        foreach (var label in parsed.Labels)
        {
            if (!resolved.TryGetValue(label.File, out var key))
            {
                key = tasks.Find(label.File, parsed.Format == LabelFormat.Yolo, out var problem);
                resolved[label.File] = key;
                if (key is null)
                    parsed.Problems.Add(ProblemKind.UnmatchedFile, label.File, problem!);
                else
                    matchedFiles++;
            }

            if (key is not { } taskKey)
            {
                unmatchedLabels++;
                continue;
            }

            if (!byTask.TryGetValue(taskKey, out var list))
                byTask[taskKey] = list = [];
            list.Add(label);
        }

        var summary = ImportSummary.From(parsed, tasks.Count, matchedFiles, parsed.Labels.Count - unmatchedLabels, byTask.Count);
        return new MatchedLabels(byTask.ToDictionary(p => p.Key, p => (IReadOnlyList<ImportedLabel>)p.Value), summary);
    }
}
