using System.Xml;
using System.Xml.Linq;

namespace Labelit.Export.Config;

/// <summary>Reads the facts LS's converter takes from a label config (its parse_config):
/// a control tag is any element with name and toName (except Filter), an object tag any other
/// element with name and value, and labels are Label/Choice elements under a control tag.</summary>
internal static class LabelConfigParser
{
    private static readonly HashSet<string> LabelElements = ["Label", "Choice"];
    private static readonly HashSet<string> NotControlElements = ["Filter"];

    public static LabelConfig Parse(string labelConfigXml)
    {
        if (string.IsNullOrWhiteSpace(labelConfigXml))
        {
            throw new LabelConfigException("The label config is empty: expected XML such as <View>...</View>.");
        }

        var root = LoadXml(labelConfigXml);
        var objects = new Dictionary<string, ObjectTag>(StringComparer.Ordinal);
        var controls = new Dictionary<string, (XElement Element, string Type, string[] ToNames)>(StringComparer.Ordinal);
        var controlOrder = new List<string>();
        var labels = new Dictionary<string, Dictionary<string, LabelValue>>(StringComparer.Ordinal);
        var labelOrder = new Dictionary<string, List<string>>(StringComparer.Ordinal);

        foreach (var element in root.DescendantsAndSelf())
        {
            var type = element.Name.LocalName;
            var name = NonEmpty(element, "name");
            var toName = NonEmpty(element, "toName");
            var value = NonEmpty(element, "value");

            if (name is not null && toName is not null && !NotControlElements.Contains(type))
            {
                if (!controls.ContainsKey(name))
                {
                    controlOrder.Add(name);
                }

                controls[name] = (element, type, toName.Split(','));
            }
            else if (name is not null && value is not null)
            {
                var isUrlText = type == "Text" && element.Attribute("valueType")?.Value == "url";
                objects[name] = new ObjectTag(name, type, value.TrimStart('$'), isUrlText);
            }

            if (!LabelElements.Contains(type))
            {
                continue;
            }

            var parent = FindParentControl(element, controls);
            var labelValue = NonEmpty(element, "alias") ?? value;
            if (parent is null || labelValue is null)
            {
                continue;
            }

            if (!labels.TryGetValue(parent, out var byValue))
            {
                labels[parent] = byValue = new Dictionary<string, LabelValue>(StringComparer.Ordinal);
                labelOrder[parent] = [];
            }

            if (!byValue.ContainsKey(labelValue))
            {
                labelOrder[parent].Add(labelValue);
            }

            byValue[labelValue] = new LabelValue(
                labelValue,
                element.Attributes().ToDictionary(a => a.Name.LocalName, a => a.Value, StringComparer.Ordinal));
        }

        var controlTags = controlOrder.Select(controlName =>
        {
            var (_, type, toNames) = controls[controlName];
            var inputs = toNames.Where(objects.ContainsKey).Select(n => objects[n]).ToList();
            var tagLabels = labelOrder.TryGetValue(controlName, out var order)
                ? order.Select(v => labels[controlName][v]).ToList()
                : [];
            return new ControlTag(controlName, type, toNames, inputs, tagLabels);
        }).ToList();

        return new LabelConfig(objects.Values.ToList(), controlTags);
    }

    private static XElement LoadXml(string xml)
    {
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            return XDocument.Load(reader).Root
                ?? throw new LabelConfigException("The label config has no root element.");
        }
        catch (XmlException e)
        {
            throw new LabelConfigException(
                $"The label config is not valid XML (line {e.LineNumber}, position {e.LinePosition}): {e.Message}", e);
        }
    }

    private static string? FindParentControl(
        XElement element, Dictionary<string, (XElement, string, string[])> controls)
    {
        for (var parent = element.Parent; parent is not null; parent = parent.Parent)
        {
            var parentName = parent.Attribute("name")?.Value;
            if (parentName is not null && controls.ContainsKey(parentName))
            {
                return parentName;
            }
        }

        return null;
    }

    private static string? NonEmpty(XElement element, string attribute)
    {
        var value = element.Attribute(attribute)?.Value;
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
