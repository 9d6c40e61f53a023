using System.Text;
using System.Text.Json;
using Labelit.Export.Config;
using Labelit.Export.Formats.Images;
using Labelit.Export.Items;
using Labelit.Export.Output;

namespace Labelit.Export.Formats;

/// <summary>Pascal VOC: a zip with Annotations/&lt;image name&gt;.xml per annotated task (pixel
/// boxes xmin/ymin/xmax/ymax, truncated to whole pixels) and an empty images/ folder. The XML is
/// laid out as LS's minidom writer does: one element per line, no indentation.</summary>
internal sealed class VocExporter(LabelConfig config, ExportOptions options) : ItemExporter(config)
{
    private readonly WrittenFileNames _writtenFiles = new();
    private ZipOutput? _zip;
    private bool _annotationsFolderAdded;

    protected override async ValueTask StartAsync(Stream output, CancellationToken cancellationToken)
    {
        _zip = await ZipOutput.CreateAsync(output, options, cancellationToken);
        await _zip.AddDirectoryAsync("images/", cancellationToken);
    }

    /// <summary>As with YOLO, LS overwrites the file for each row of a task, so the last row
    /// that can be written (the oldest annotation) is the one kept.</summary>
    protected override async ValueTask WriteTaskAsync(
        JsonElement task, List<AnnotationItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return;
        }

        if (!_annotationsFolderAdded)
        {
            await _zip!.AddDirectoryAsync("Annotations/", cancellationToken);
            _annotationsFolderAdded = true;
        }

        var imageName = ImageFileName.FileNameFor(items[0].DataValue(Config.SingleDataKey!));
        string? xml = null;
        foreach (var item in items)
        {
            xml = Document(item, imageName) ?? xml;
        }

        var fileName = "Annotations/" + ImageFileName.WithoutExtension(imageName) + ".xml";
        if (xml is not null && _writtenFiles.Add(fileName))
        {
            await _zip!.AddFileAsync(fileName, Encoding.UTF8.GetBytes(xml), cancellationToken);
        }
    }

    protected override ValueTask ReleaseAsync()
    {
        _zip?.Abandon();
        return ValueTask.CompletedTask;
    }

    protected override async ValueTask FinishAsync(CancellationToken cancellationToken) =>
        await _zip!.DisposeAsync();

    /// <summary>The XML for one row, or null when LS writes nothing for it: no results, or a
    /// first result without the image size.</summary>
    private static string? Document(AnnotationItem item, string imageName)
    {
        var boxes = item.AllValues.ToList();
        if (boxes.Count == 0
            || !boxes[0].TryGetOriginalWidth(out var widthElement)
            || !boxes[0].TryGetOriginalHeight(out var heightElement))
        {
            return null;
        }

        var width = widthElement.GetDouble();
        var height = heightElement.GetDouble();
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<annotation>\n");
        Element(xml, "folder", "images");
        Element(xml, "filename", imageName);
        xml.Append("<source>\n");
        Element(xml, "database", "MyDatabase");
        Element(xml, "annotation", "COCO2017");
        Element(xml, "image", "flickr");
        Element(xml, "flickrid", "NULL");
        Element(xml, "annotator", AnnotatorText(item));
        xml.Append("</source>\n<owner>\n");
        Element(xml, "flickrid", "NULL");
        Element(xml, "name", "Label Studio");
        xml.Append("</owner>\n<size>\n");
        Element(xml, "width", NumberText(widthElement));
        Element(xml, "height", NumberText(heightElement));
        Element(xml, "depth", "3"); // LS reads the channel count from the image; without it, 3
        xml.Append("</size>\n");
        Element(xml, "segmented", "0");

        foreach (var box in boxes)
        {
            var name = box.FirstLabel("rectanglelabels") ?? (box.Has("rectanglelabels") ? null : box.FirstLabel("labels"));
            if (name is null || box.Number("x") is not { } x || box.Number("y") is not { } y
                || box.Number("width") is not { } w || box.Number("height") is not { } h)
            {
                continue;
            }

            var left = (long)(x / 100 * width);
            var top = (long)(y / 100 * height);
            var boxWidth = (long)(w / 100 * width);
            var boxHeight = (long)(h / 100 * height);
            xml.Append("<object>\n");
            Element(xml, "name", name);
            Element(xml, "pose", "Unspecified");
            Element(xml, "truncated", "0");
            Element(xml, "difficult", "0");
            xml.Append("<bndbox>\n");
            Element(xml, "xmin", left.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Element(xml, "ymin", top.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Element(xml, "xmax", (left + boxWidth).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Element(xml, "ymax", (top + boxHeight).ToString(System.Globalization.CultureInfo.InvariantCulture));
            xml.Append("</bndbox>\n</object>\n");
        }

        xml.Append("</annotation>\n");
        return xml.ToString();
    }

    private static string AnnotatorText(AnnotationItem item) =>
        Annotator.Of(item, keepNumericId: false, missingEmail: "") switch
        {
            { Kind: RecordValueKind.Text } text => text.Text!,
            { Kind: RecordValueKind.Element } element => element.Element.ToString(),
            _ => "",
        };

    /// <summary>Python's str() of the stored number: 800 stays 800, 800.0 stays 800.0.</summary>
    private static string NumberText(JsonElement number) =>
        number.TryGetInt64(out var integer) && !number.GetRawText().Contains('.')
            ? integer.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : PyFloat.Format(number.GetDouble());

    private static void Element(StringBuilder xml, string name, string text)
    {
        xml.Append('<').Append(name).Append('>');
        foreach (var c in text)
        {
            xml.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => c.ToString(),
            });
        }

        xml.Append("</").Append(name).Append(">\n");
    }
}
