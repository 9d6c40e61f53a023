using Labelit.Export.Config;

namespace Labelit.Web.Projects;

/// <summary>
/// What a new label config drops that existing tasks rely on: the data keys their data is stored
/// under (e.g. $image when the new config reads $photo) and the object tags their annotations point at.
/// LS keeps such tasks, but shows them empty and their annotations no longer match the config.
/// </summary>
public sealed record LabelConfigOrphaning(IReadOnlyList<string> DroppedDataKeys, IReadOnlyList<string> DroppedObjectTags, IReadOnlyList<string> NewDataKeys)
{
    public bool Orphans => DroppedDataKeys.Count > 0 || DroppedObjectTags.Count > 0;

    /// <summary>Null when either config cannot be read (the validator reports a bad new one).</summary>
    public static LabelConfigOrphaning? Between(string before, string? after)
    {
        if (string.IsNullOrWhiteSpace(after) || Parse(before) is not { } old || Parse(after) is not { } next)
        {
            return null;
        }
        var oldKeys = old.ObjectTags.Select(t => t.DataKey).Distinct().ToList();
        var newKeys = next.ObjectTags.Select(t => t.DataKey).Distinct().ToList();
        var newTags = next.ObjectTags.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        return new(
            oldKeys.Except(newKeys, StringComparer.Ordinal).ToList(),
            old.ObjectTags.Where(t => !newTags.Contains(t.Name)).Select(t => $"<{t.Type} name=\"{t.Name}\">").ToList(),
            newKeys);
    }

    /// <summary>The warning a manager reads before confirming, in words.</summary>
    public string Describe(int taskCount)
    {
        var parts = new List<string>();
        if (DroppedDataKeys.Count > 0)
        {
            parts.Add($"no longer reads {Keys(DroppedDataKeys)} (it reads {(NewDataKeys.Count == 0 ? "no data key" : Keys(NewDataKeys))} instead)");
        }
        if (DroppedObjectTags.Count > 0)
        {
            parts.Add($"removes {string.Join(", ", DroppedObjectTags)}");
        }
        var tasks = taskCount == 1 ? "1 task" : $"{taskCount:N0} tasks";
        return $"The new label config {string.Join(" and ", parts)}. This affects the {tasks} already in this project: " +
            "Label Studio will show their data empty and their existing annotations will no longer match. " +
            "To go on anyway, tick the box below and save again.";
    }

    private static string Keys(IEnumerable<string> keys) => string.Join(", ", keys.Select(k => "$" + k));

    private static LabelConfig? Parse(string xml)
    {
        try
        {
            return LabelConfig.Parse(xml);
        }
        catch (LabelConfigException)
        {
            return null;
        }
    }
}
