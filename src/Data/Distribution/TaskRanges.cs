namespace Labelit.Data.Distribution;

/// <summary>An inclusive range of LS task ids with no task of anyone else's share inside it.</summary>
public readonly record struct TaskRange(int First, int Last);

public static class TaskRanges
{
    /// <summary>
    /// An annotator's share as the fewest ranges of the project's tasks: a range may jump over ids no
    /// task has, never over a task outside the share.
    /// </summary>
    public static IReadOnlyList<TaskRange> Of(IEnumerable<int> projectTaskIds, IReadOnlySet<int> share)
    {
        var ranges = new List<TaskRange>();
        int? first = null, last = null;
        foreach (var id in projectTaskIds.Order())
        {
            if (share.Contains(id))
            {
                first ??= id;
                last = id;
            }
            else if (first is not null)
            {
                ranges.Add(new(first.Value, last!.Value));
                first = null;
            }
        }
        if (first is not null)
            ranges.Add(new(first.Value, last!.Value));
        return ranges;
    }
}
