using Labelit.Export.Config;

namespace Labelit.Export;

/// <summary>Which export formats a project may offer.</summary>
public static class ExportFormats
{
    /// <summary>The formats LS allows for a label config (JSON, JSON_MIN, CSV and TSV always;
    /// CONLL2003, COCO, VOC and YOLO depending on its tags).</summary>
    /// <exception cref="LabelConfigException">The config is empty or not well-formed XML.</exception>
    public static IReadOnlyList<ExportFormat> AllowedFor(string labelConfigXml) =>
        LabelConfig.Parse(labelConfigXml).AllowedFormats;
}
