using System.Xml;
using System.Xml.Linq;
using Labelit.Export;
using Labelit.Export.Config;

namespace Labelit.Web.Projects;

/// <summary>What a manager sees after saving a label config: its problem, or what it implies.</summary>
public sealed record LabelConfigCheck(string? Problem, IReadOnlyList<string> DataKeys, IReadOnlyList<string> ExportFormats)
{
    public bool IsValid => Problem is null;
}

/// <summary>
/// Checks a Label Studio label config before it is stored, with messages that point at the line:
/// well-formed XML, a &lt;View&gt; root, only tags LS knows, unique names, and every control's
/// toName naming an object tag. The data keys and export formats come from the same parser the
/// exports use, so the preview and the exports never disagree.
/// </summary>
public static class LabelConfigValidator
{
    public const int MaximumLength = 100_000;

    // Tags that show task data (they need name and value="$key").
    private static readonly HashSet<string> ObjectTags =
    [
        "Image", "Text", "HyperText", "Audio", "AudioPlus", "Video", "TimeSeries", "Table", "Paragraphs",
        "List", "Pdf", "Markdown", "Chat",
    ];

    // Tags that produce results (they need name and toName).
    private static readonly HashSet<string> ControlTags =
    [
        "Labels", "RectangleLabels", "PolygonLabels", "KeyPointLabels", "EllipseLabels", "BrushLabels", "BitmaskLabels",
        "HyperTextLabels", "ParagraphLabels", "TimeSeriesLabels", "VideoRectangle", "Rectangle", "Polygon", "KeyPoint",
        "Ellipse", "Brush", "Bitmask", "MagicWand", "Choices", "TextArea", "Rating", "Number", "DateTime", "Taxonomy",
        "Pairwise", "Ranker", "Relations",
    ];

    // Layout and helper tags.
    private static readonly HashSet<string> OtherTags =
    [
        "View", "Header", "Style", "Filter", "Collapse", "Panel", "Label", "Choice", "Relation", "Channel", "Shortcut",
        "Repeater", "Bucket", "Item", "MultiChannel", "Vector",
    ];

    public static LabelConfigCheck Check(string? xml)
    {
        var problem = FindProblem(xml);
        if (problem is not null)
        {
            return new LabelConfigCheck(problem, [], []);
        }
        try
        {
            var config = LabelConfig.Parse(xml!);
            return new LabelConfigCheck(null, config.DataKeys, config.AllowedFormats.Select(f => f.ToLabelStudioName()).ToList());
        }
        catch (LabelConfigException exception)
        {
            return new LabelConfigCheck(exception.Message, [], []);
        }
    }

    private static string? FindProblem(string? xml)
    {
        if (string.IsNullOrWhiteSpace(xml))
        {
            return "Enter a label config, e.g. <View><Image name=\"image\" value=\"$image\"/>...</View>.";
        }
        if (xml.Length > MaximumLength)
        {
            return $"The label config is longer than {MaximumLength:N0} characters.";
        }

        XElement root;
        try
        {
            root = XElement.Parse(xml, LoadOptions.SetLineInfo);
        }
        catch (XmlException exception)
        {
            return $"The label config is not well-formed XML: {exception.Message}";
        }
        if (root.Name.LocalName != "View")
        {
            return $"The label config must start with <View>, not <{root.Name.LocalName}>.";
        }

        var names = new Dictionary<string, XElement>(StringComparer.Ordinal);
        foreach (var element in root.DescendantsAndSelf())
        {
            var tag = element.Name.LocalName;
            if (!ObjectTags.Contains(tag) && !ControlTags.Contains(tag) && !OtherTags.Contains(tag))
            {
                return $"{At(element)}: <{tag}> is not a Label Studio tag.";
            }
            var name = element.Attribute("name")?.Value;
            if ((ObjectTags.Contains(tag) || ControlTags.Contains(tag)) && string.IsNullOrWhiteSpace(name))
            {
                return $"{At(element)}: <{tag}> needs a name attribute.";
            }
            if (name is not null && (ObjectTags.Contains(tag) || ControlTags.Contains(tag)) && !names.TryAdd(name, element))
            {
                return $"{At(element)}: the name \"{name}\" is used twice (first at {At(names[name])}).";
            }
            if (ObjectTags.Contains(tag) && string.IsNullOrWhiteSpace(element.Attribute("value")?.Value))
            {
                return $"{At(element)}: <{tag} name=\"{name}\"> needs a value attribute such as value=\"${name}\".";
            }
        }

        var objects = root.DescendantsAndSelf().Where(e => ObjectTags.Contains(e.Name.LocalName)).ToList();
        if (objects.Count == 0)
        {
            return "The label config has no object tag (such as <Image>, <Text> or <Audio>) to show the task data.";
        }
        var objectNames = objects.Select(e => e.Attribute("name")!.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var control in root.DescendantsAndSelf().Where(e => ControlTags.Contains(e.Name.LocalName)))
        {
            var toName = control.Attribute("toName")?.Value;
            var tag = control.Name.LocalName;
            if (string.IsNullOrWhiteSpace(toName))
            {
                return $"{At(control)}: <{tag} name=\"{control.Attribute("name")!.Value}\"> needs a toName attribute naming an object tag.";
            }
            var missing = toName.Split(',', StringSplitOptions.TrimEntries).FirstOrDefault(target => !objectNames.Contains(target));
            if (missing is not null)
            {
                return $"{At(control)}: <{tag} name=\"{control.Attribute("name")!.Value}\"> has toName=\"{missing}\", but no object tag is named \"{missing}\" "
                    + $"(object tags: {string.Join(", ", objectNames)}).";
            }
        }
        return null;
    }

    private static string At(XElement element) =>
        element is IXmlLineInfo info && info.HasLineInfo() ? $"Line {info.LineNumber}, column {info.LinePosition}" : "In the config";
}
