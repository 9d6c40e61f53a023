using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Labelit.Export.Import;

/// <summary>Reads Pascal VOC XML files (one per image: filename, size, objects with a name and a
/// bndbox in pixels) into RectangleLabels in percent of the image.</summary>
internal sealed class VocReader(LabelTarget target, ParsedLabels parsed)
{
    private static readonly XmlReaderSettings Settings = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };

    public void Read(ImportFiles files)
    {
        var control = target.RequireBoxes(LabelFormat.Voc);
        var xmlFiles = files.WithExtension(".xml").ToList();
        if (xmlFiles.Count == 0)
            throw new LabelImportException("No .xml files were found: a Pascal VOC import is an XML file per image, or a zip or folder of them.");
        parsed.FilesMentioned = xmlFiles.Count;
        foreach (var file in xmlFiles)
            ReadFile(file, control);
    }

    private void ReadFile(ImportFile file, Config.ControlTag control)
    {
        XElement root;
        try
        {
            using var stream = file.Open();
            using var reader = XmlReader.Create(stream, Settings);
            root = XElement.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            parsed.Problem(ProblemKind.Malformed, $"{file.Name} line {e.LineNumber}", $"not valid XML: {e.Message}");
            return;
        }

        var image = root.Element("filename")?.Value.Trim();
        var size = root.Element("size");
        if (root.Name.LocalName != "annotation" || string.IsNullOrEmpty(image))
        {
            parsed.Problem(ProblemKind.Malformed, file.Name, "not a Pascal VOC file: expected <annotation> with a <filename>");
            return;
        }

        if (Number(size?.Element("width")) is not { } w || Number(size?.Element("height")) is not { } h || w <= 0 || h <= 0)
        {
            parsed.Problem(ProblemKind.Malformed, file.Name, $"<size> has no positive <width> and <height> for {image}, so its boxes cannot be placed");
            return;
        }

        foreach (var item in root.Elements("object"))
        {
            var where = $"{file.Name} line {((IXmlLineInfo)item).LineNumber}";
            var label = item.Element("name")?.Value.Trim() ?? "";
            var box = item.Element("bndbox");
            if (Number(box?.Element("xmin")) is not { } xmin || Number(box?.Element("ymin")) is not { } ymin
                || Number(box?.Element("xmax")) is not { } xmax || Number(box?.Element("ymax")) is not { } ymax)
            {
                parsed.Problem(ProblemKind.Malformed, where, "the <object> has no <bndbox> with numeric xmin, ymin, xmax, ymax");
                continue;
            }

            if (!LabelTarget.Knows(control, label))
            {
                parsed.Problem(ProblemKind.UnknownLabel, where, $"the label \"{label}\" is not in the label config's <RectangleLabels name=\"{control.Name}\">");
                continue;
            }

            var (x, y, width, height) = (xmin / w * 100, ymin / h * 100, (xmax - xmin) / w * 100, (ymax - ymin) / h * 100);
            if (LabelTarget.BoxProblem(x, y, width, height) is { } outside)
            {
                parsed.Problem(ProblemKind.OutsideImage, where, $"{outside} ({image}, {w}x{h} pixels)");
                continue;
            }

            parsed.Add(new ImportedLabel(image, LabelShape.Rectangle, label, x, y, width, height, w, h));
        }
    }

    private static double? Number(XElement? element) =>
        element is not null && double.TryParse(element.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : null;
}
