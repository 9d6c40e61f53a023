namespace Labelit.Export.Import;

/// <summary>What one imported label is, once read from its file.</summary>
public enum LabelShape
{
    /// <summary>A RectangleLabels box, in percent of the image as LS stores it.</summary>
    Rectangle,

    /// <summary>A Choices value: the image (or text) as a whole is this class.</summary>
    Choice,

    /// <summary>An LS result taken as it is from LS JSON (already in LS's shape, checked against the config).</summary>
    LabelStudioResult,

    /// <summary>A PolygonLabels polygon: its points in percent of the image.</summary>
    Polygon,
}

/// <summary>One label read from an import file, not yet matched to a task.</summary>
/// <param name="File">How the file names the image or document (file name, path or URL); matched to a task later.</param>
/// <param name="X">Left edge in percent of the image width (rectangles).</param>
/// <param name="ImageWidth">The image's size in pixels when the file gives it (LS stores it as original_width).</param>
/// <param name="Score">A model's confidence, when the file gives one (predictions keep it).</param>
/// <param name="ResultJson">The LS result object as JSON text (<see cref="LabelShape.LabelStudioResult"/> only).</param>
/// <param name="Points">The polygon's points, x and y in percent of the image (<see cref="LabelShape.Polygon"/> only).</param>
public sealed record ImportedLabel(
    string File,
    LabelShape Shape,
    string Label,
    double X = 0,
    double Y = 0,
    double Width = 0,
    double Height = 0,
    double? ImageWidth = null,
    double? ImageHeight = null,
    double? Score = null,
    string? ResultJson = null,
    IReadOnlyList<(double X, double Y)>? Points = null);
