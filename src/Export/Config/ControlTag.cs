namespace Labelit.Export.Config;

/// <summary>A tag annotators use to label, e.g. <c>&lt;RectangleLabels name="label" toName="image"&gt;</c>.
/// Its name is the from_name of the results it produces.</summary>
/// <param name="Name">from_name of its results.</param>
/// <param name="Type">The XML element name: RectangleLabels, Choices, Labels, ...</param>
/// <param name="ToNames">Names of the object tags it labels (to_name).</param>
/// <param name="Inputs">Those object tags that exist in the config, in toName order.</param>
/// <param name="Labels">Its label values in config order, without duplicates.</param>
public sealed record ControlTag(
    string Name,
    string Type,
    IReadOnlyList<string> ToNames,
    IReadOnlyList<ObjectTag> Inputs,
    IReadOnlyList<LabelValue> Labels);
