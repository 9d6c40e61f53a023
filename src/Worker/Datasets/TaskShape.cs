using Labelit.Export.Config;

namespace Labelit.Worker.Datasets;

/// <summary>
/// How a storage object becomes an LS task for a label config: which data key it fills, and whether
/// the object's text goes into the task itself (Text, HyperText) or the task links to the media.
/// </summary>
public sealed record TaskShape(string DataKey, bool InlineText)
{
    private static readonly HashSet<string> TextTags = new(StringComparer.OrdinalIgnoreCase) { "Text", "HyperText" };

    /// <summary>The shape for <paramref name="labelConfig"/>, or the reason storage objects cannot fill its tasks.</summary>
    public static TaskShape? From(string labelConfig, out string? problem)
    {
        problem = null;
        LabelConfig config;
        try
        {
            config = LabelConfig.Parse(labelConfig);
        }
        catch (LabelConfigException e)
        {
            problem = $"The label config is not valid: {e.Message}";
            return null;
        }
        if (config.DataKeys.Count != 1)
        {
            problem = config.DataKeys.Count == 0
                ? "The label config reads no data key ($name), so storage objects cannot become tasks."
                : $"The label config reads {config.DataKeys.Count} data keys ({string.Join(", ", config.DataKeys.Select(k => "$" + k))}); " +
                  "a storage dataset fills one key per task. Use one object tag, or import the tasks as JSON.";
            return null;
        }
        var key = config.DataKeys[0];
        var tag = config.ObjectTags.First(t => t.DataKey == key);
        return new TaskShape(key, TextTags.Contains(tag.Type) && !tag.IsUrlText);
    }

    /// <summary>The Labelit media URL of an object: Labelit checks access on every fetch, so the task carries no bucket address or credential.</summary>
    public static string MediaUrl(string projectSlug, long objectId, string location) =>
        Labelit.Data.Datasets.DatasetMediaUrls.For(projectSlug, objectId, location);
}
