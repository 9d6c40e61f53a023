using System.Text.Json;

namespace Labelit.Export.Import;

/// <summary>Writes one task's imported labels as LS stores results: a rectanglelabels result per
/// box (percent x, y, width, height; original_width/height when the file gave the image size), one
/// choices result holding every class of the task, and LS JSON results as they came.</summary>
public static class LabelStudioResults
{
    public static void WriteResultArray(Utf8JsonWriter writer, IReadOnlyList<ImportedLabel> labels, LabelTarget target)
    {
        writer.WriteStartArray();
        var regionNumber = 0;
        foreach (var label in labels)
        {
            if (label.Shape == LabelShape.Rectangle)
                WriteRectangle(writer, label, target.Boxes!, ++regionNumber);
            else if (label.Shape == LabelShape.Polygon)
                WritePolygon(writer, label, target.Polygons!, ++regionNumber);
            else if (label.Shape == LabelShape.LabelStudioResult)
                writer.WriteRawValue(label.ResultJson!, skipInputValidation: true);
        }

        var choices = labels.Where(l => l.Shape == LabelShape.Choice).Select(l => l.Label).Distinct(StringComparer.Ordinal).ToList();
        if (choices.Count > 0)
        {
            var control = target.Choices!;
            writer.WriteStartObject();
            writer.WriteString("id", RegionId(++regionNumber));
            writer.WriteString("type", "choices");
            writer.WriteString("from_name", control.Name);
            writer.WriteString("to_name", LabelTarget.ToName(control));
            writer.WriteStartObject("value");
            writer.WriteStartArray("choices");
            foreach (var choice in choices)
                writer.WriteStringValue(choice);
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>A prediction's score: the mean of its labels' scores, or null when none has one.</summary>
    public static double? Score(IReadOnlyList<ImportedLabel> labels)
    {
        var scores = labels.Where(l => l.Score is not null).Select(l => l.Score!.Value).ToList();
        return scores.Count == 0 ? null : scores.Average();
    }

    /// <summary>What every image region of LS's results starts with, up to its value.</summary>
    private static void WriteRegionStart(Utf8JsonWriter writer, string type, ImportedLabel label, Config.ControlTag control, int regionNumber)
    {
        writer.WriteStartObject();
        writer.WriteString("id", RegionId(regionNumber));
        writer.WriteString("type", type);
        writer.WriteString("from_name", control.Name);
        writer.WriteString("to_name", LabelTarget.ToName(control));
        if (label.ImageWidth is { } width && label.ImageHeight is { } height)
        {
            writer.WriteNumber("original_width", width);
            writer.WriteNumber("original_height", height);
        }

        writer.WriteNumber("image_rotation", 0);
    }

    /// <summary>The label list that closes a region's value, then its score.</summary>
    private static void WriteRegionEnd(Utf8JsonWriter writer, string type, ImportedLabel label)
    {
        writer.WriteStartArray(type);
        writer.WriteStringValue(label.Label);
        writer.WriteEndArray();
        writer.WriteEndObject();
        if (label.Score is { } score)
            writer.WriteNumber("score", score);
        writer.WriteEndObject();
    }

    private static void WriteRectangle(Utf8JsonWriter writer, ImportedLabel label, Config.ControlTag control, int regionNumber)
    {
        WriteRegionStart(writer, "rectanglelabels", label, control, regionNumber);
        writer.WriteStartObject("value");
        writer.WriteNumber("x", label.X);
        writer.WriteNumber("y", label.Y);
        writer.WriteNumber("width", label.Width);
        writer.WriteNumber("height", label.Height);
        writer.WriteNumber("rotation", 0);
        WriteRegionEnd(writer, "rectanglelabels", label);
    }

    private static void WritePolygon(Utf8JsonWriter writer, ImportedLabel label, Config.ControlTag control, int regionNumber)
    {
        WriteRegionStart(writer, "polygonlabels", label, control, regionNumber);
        writer.WriteStartObject("value");
        writer.WriteStartArray("points");
        foreach (var (x, y) in label.Points!)
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(x);
            writer.WriteNumberValue(y);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.WriteBoolean("closed", true);
        WriteRegionEnd(writer, "polygonlabels", label);
    }

    // LS's editor gives regions short random ids; imported ones only need to be unique within their task.
    private static string RegionId(int regionNumber) => $"import{regionNumber}";
}
