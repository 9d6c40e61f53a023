using System.Globalization;
using Labelit.Export.Config;

namespace Labelit.Export.Formats.Images;

/// <summary>The order of keypoints in COCO and YOLO rows: KeyPointLabels labels sorted by their
/// model_index attribute; labels without one are left out, as in LS.</summary>
internal static class KeypointOrder
{
    public static List<string> From(LabelConfig config)
    {
        var attributes = new Dictionary<string, string?>(StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var label in config.ControlTags.Where(c => c.Type == "KeyPointLabels").SelectMany(c => c.Labels))
        {
            if (!attributes.ContainsKey(label.Value))
            {
                names.Add(label.Value);
            }

            attributes[label.Value] = label.Attribute("model_index");
        }

        var usedIndexes = new HashSet<int>();
        var ordered = new List<(int Index, string Name)>();
        foreach (var name in names)
        {
            if (int.TryParse(attributes[name]?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index)
                && usedIndexes.Add(index))
            {
                ordered.Add((index, name));
            }
        }

        return ordered.OrderBy(p => p.Index).Select(p => p.Name).ToList();
    }
}
