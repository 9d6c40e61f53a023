namespace Labelit.Export.Config;

/// <summary>LS's rules for which export formats a label config supports.</summary>
internal static class FormatAvailability
{
    private static readonly ExportFormat[] TableFormats =
        [ExportFormat.Json, ExportFormat.JsonMin, ExportFormat.Csv, ExportFormat.Tsv];

    public static IReadOnlyList<ExportFormat> For(LabelConfig config)
    {
        if (config.DataKeys.Count > 1)
        {
            return TableFormats;
        }

        var controls = config.ControlTags.Select(c => c.Type).ToHashSet(StringComparer.Ordinal);
        var objects = config.ControlTags.SelectMany(c => c.Inputs)
            .Where(i => !i.IsUrlText)
            .Select(i => i.Type)
            .ToHashSet(StringComparer.Ordinal);

        bool Has(string controlType) => controls.Contains(controlType);
        var hasImage = objects.Contains("Image");
        var formats = new List<ExportFormat>(TableFormats);

        if (objects.Contains("Text") && Has("Labels"))
        {
            formats.Add(ExportFormat.Conll2003);
        }

        // LS needs RectangleLabels to give keypoints a category, so KeyPointLabels alone
        // gets neither COCO nor YOLO.
        var keypointsWithoutRectangles = Has("KeyPointLabels") && !Has("RectangleLabels");
        var shapes = (hasImage && (Has("RectangleLabels") || Has("PolygonLabels") || Has("KeyPointLabels")))
            || (Has("Labels") && (Has("Rectangle") || Has("PolygonLabels") || Has("KeyPointLabels")));
        if (shapes && !keypointsWithoutRectangles)
        {
            formats.Add(ExportFormat.Coco);
        }

        if (hasImage && (Has("RectangleLabels") || (Has("Rectangle") && Has("Labels"))))
        {
            formats.Add(ExportFormat.Voc);
        }

        if (shapes && !keypointsWithoutRectangles)
        {
            formats.Add(ExportFormat.Yolo);
        }

        return formats;
    }
}
