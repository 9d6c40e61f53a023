namespace Labelit.Export.Import;

/// <summary>The label files Labelit can import into a project's tasks.</summary>
public enum LabelFormat
{
    /// <summary>LS's own JSON: an array of tasks whose annotations or predictions hold results.</summary>
    LabelStudioJson,

    /// <summary>COCO: one JSON object with images, categories and annotations (bbox in pixels).</summary>
    Coco,

    /// <summary>YOLO: a zip or folder of label .txt files (class x_centre y_centre width height, 0..1) and classes.txt.</summary>
    Yolo,

    /// <summary>Pascal VOC: a zip or folder of XML files, one per image, boxes in pixels.</summary>
    Voc,

    /// <summary>CSV for classification: a file (or path) column and a label column.</summary>
    Csv,
}

public static class LabelFormatNames
{
    /// <summary>The format named <paramref name="name"/> as the API and the page spell it (JSON, COCO, YOLO, VOC, CSV), or null.</summary>
    public static LabelFormat? Parse(string? name) => name?.Trim().ToUpperInvariant() switch
    {
        "JSON" or "LS" or "LABELSTUDIO" => LabelFormat.LabelStudioJson,
        "COCO" => LabelFormat.Coco,
        "YOLO" => LabelFormat.Yolo,
        "VOC" or "PASCALVOC" or "PASCAL_VOC" => LabelFormat.Voc,
        "CSV" => LabelFormat.Csv,
        _ => null,
    };

    public static string Name(this LabelFormat format) => format switch
    {
        LabelFormat.LabelStudioJson => "JSON",
        LabelFormat.Coco => "COCO",
        LabelFormat.Yolo => "YOLO",
        LabelFormat.Voc => "VOC",
        _ => "CSV",
    };
}
