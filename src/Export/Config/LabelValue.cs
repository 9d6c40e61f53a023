namespace Labelit.Export.Config;

/// <summary>One &lt;Label&gt; or &lt;Choice&gt; of a control tag.</summary>
/// <param name="Value">alias if set, else value: what annotations store.</param>
/// <param name="Attributes">All XML attributes (COCO reads "category", keypoints "model_index").</param>
public sealed record LabelValue(string Value, IReadOnlyDictionary<string, string> Attributes)
{
    public string? Attribute(string name) => Attributes.TryGetValue(name, out var v) ? v : null;
}
