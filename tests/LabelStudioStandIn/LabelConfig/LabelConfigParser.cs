using System.Xml;
using System.Xml.Linq;

namespace Labelit.LabelStudioStandIn.LabelConfig;

/// <summary>A control tag (one with toName), e.g. &lt;Choices name="sentiment" toName="text"&gt;.</summary>
public sealed record ControlTag(string Type, string Name, string ToName, IReadOnlyList<string> Options);

/// <summary>An object tag that shows task data, e.g. &lt;Text name="text" value="$text"/&gt;.</summary>
public sealed record ObjectTag(string Type, string Name, string DataKey);

public sealed record ParsedLabelConfig(IReadOnlyList<ObjectTag> Objects, IReadOnlyList<ControlTag> Controls)
{
    public IEnumerable<string> RequiredDataKeys => Objects.Select(o => o.DataKey).Distinct();
}

/// <summary>
/// The part of LS's label config validation that a client can trip over: well-formed XML, a View
/// root, unique names, and every toName naming an object tag.
/// </summary>
public static class LabelConfigParser
{
    /// <summary>Returns the parsed config, or the message LS-style validation would give.</summary>
    public static (ParsedLabelConfig? Config, string? Error) Parse(string? labelConfig)
    {
        if (string.IsNullOrWhiteSpace(labelConfig))
            return (null, "Label config is empty.");
        XDocument document;
        try
        {
            document = XDocument.Parse(labelConfig);
        }
        catch (XmlException e)
        {
            return (null, $"Can't parse the label config as XML: {e.Message}");
        }
        var root = document.Root!;
        if (root.Name.LocalName != "View")
            return (null, $"The label config root tag must be <View>, not <{root.Name.LocalName}>.");

        var objects = new List<ObjectTag>();
        var controls = new List<ControlTag>();
        foreach (var element in root.DescendantsAndSelf())
        {
            var name = (string?)element.Attribute("name");
            var toName = (string?)element.Attribute("toName");
            var value = (string?)element.Attribute("value");
            if (name is null)
                continue;
            if (toName is not null)
                controls.Add(new ControlTag(element.Name.LocalName, name, toName, OptionsOf(element)));
            else if (value is { Length: > 1 } && value[0] == '$')
                objects.Add(new ObjectTag(element.Name.LocalName, name, value[1..]));
        }

        var names = objects.Select(o => o.Name).Concat(controls.Select(c => c.Name)).ToList();
        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            return (null, $"The label config uses the name \"{duplicate.Key}\" more than once.");
        foreach (var control in controls)
            foreach (var target in control.ToName.Split(','))
                if (objects.All(o => o.Name != target))
                    return (null, $"toName=\"{target}\" of <{control.Type} name=\"{control.Name}\"> "
                        + $"does not name an object tag; names: [{string.Join(", ", objects.Select(o => o.Name))}].");
        return (new ParsedLabelConfig(objects, controls), null);
    }

    private static List<string> OptionsOf(XElement control) =>
        control.Elements()
            .Where(e => e.Name.LocalName is "Choice" or "Label")
            .Select(e => (string?)e.Attribute("value") ?? (string?)e.Attribute("alias") ?? "")
            .Where(v => v.Length > 0)
            .ToList();
}
