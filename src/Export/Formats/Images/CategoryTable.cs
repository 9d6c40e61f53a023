using System.Globalization;
using Labelit.Export.Config;
using Labelit.Export.Output;

namespace Labelit.Export.Formats.Images;

/// <summary>Category ids as LS assigns them: labels with a category="N" attribute keep N; all
/// other label values of every control tag follow in alphabetical order, taking the lowest
/// free ids; a label met in an annotation but missing from the config is appended.</summary>
internal sealed class CategoryTable
{
    private readonly List<Category> _categories = [];
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    public IReadOnlyList<Category> Categories => _categories;

    public static CategoryTable FromLabels(LabelConfig config)
    {
        var table = new CategoryTable();
        var allLabels = new HashSet<string>(StringComparer.Ordinal);
        foreach (var control in config.ControlTags)
        {
            foreach (var label in control.Labels)
            {
                allLabels.Add(label.Value);
                if (label.Attribute("category") is { } raw
                    && int.TryParse(raw.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id))
                {
                    table.Add(new Category(id, label.Value));
                }
            }
        }

        var usedIds = table._categories.Select(c => c.Id).ToHashSet();
        var nextId = 0;
        foreach (var label in allLabels.Where(l => !table._ids.ContainsKey(l)).Order(StringComparer.Ordinal))
        {
            while (usedIds.Contains(nextId))
            {
                nextId++;
            }

            table.Add(new Category(nextId++, label));
        }

        return table;
    }

    /// <summary>COCO with keypoints: every keypoint label maps to one merged "default" category
    /// listing the keypoint names, with the id after the highest other one.</summary>
    public void MergeKeypointLabels(LabelConfig config)
    {
        var keypointLabels = config.ControlTags.Where(c => c.Type == "KeyPointLabels")
            .SelectMany(c => c.Labels).Select(l => l.Value).Distinct().ToList();
        if (keypointLabels.Count == 0)
        {
            return;
        }

        var others = _categories.Where(c => !keypointLabels.Contains(c.Name)).ToList();
        _categories.Clear();
        _ids.Clear();
        foreach (var category in others)
        {
            Add(category);
        }

        var mergedId = others.Count > 0 ? others.Max(c => c.Id) + 1 : 0;
        _categories.Add(new Category(mergedId, "default", keypointLabels, "default", WithSkeleton: true));
        foreach (var name in keypointLabels)
        {
            _ids[name] = mergedId;
        }
    }

    /// <summary>YOLO with keypoints: one class per RectangleLabels label, each listing all keypoint names.</summary>
    public static CategoryTable ForYoloKeypoints(LabelConfig config)
    {
        var keypointLabels = LabelsOf(config, "KeyPointLabels");
        var table = new CategoryTable();
        foreach (var (name, index) in LabelsOf(config, "RectangleLabels").Select((n, i) => (n, i)))
        {
            table.Add(new Category(index, name, keypointLabels));
        }

        return table;
    }

    public bool TryGetId(string name, out int id) => _ids.TryGetValue(name, out id);

    public int IdFor(string name)
    {
        if (!_ids.TryGetValue(name, out var id))
        {
            id = _categories.Count;
            Add(new Category(id, name));
        }

        return id;
    }

    public void Write(PyJsonWriter writer)
    {
        writer.StartArray();
        foreach (var category in _categories)
        {
            writer.StartObject();
            writer.PropertyName("id");
            writer.Number(category.Id);
            writer.PropertyName("name");
            writer.String(category.Name);
            if (category.Supercategory is not null)
            {
                writer.PropertyName("supercategory");
                writer.String(category.Supercategory);
            }

            if (category.Keypoints is not null)
            {
                writer.PropertyName("keypoints");
                writer.StartArray();
                foreach (var keypoint in category.Keypoints)
                {
                    writer.String(keypoint);
                }

                writer.EndArray();
            }

            if (category.WithSkeleton)
            {
                writer.PropertyName("skeleton");
                writer.StartArray();
                writer.EndArray();
            }

            writer.EndObject();
        }

        writer.EndArray();
    }

    private static List<string> LabelsOf(LabelConfig config, string controlType) =>
        config.ControlTags.Where(c => c.Type == controlType).SelectMany(c => c.Labels).Select(l => l.Value).Distinct().ToList();

    private void Add(Category category)
    {
        _categories.Add(category);
        _ids[category.Name] = category.Id;
    }
}
