using Labelit.Export.Config;

namespace Labelit.Export.Import;

/// <summary>Where imported labels go in a project's label config: the RectangleLabels tag that
/// takes boxes and the Choices tag that takes classes, with their from_name/to_name and the
/// labels they allow.</summary>
public sealed class LabelTarget
{
    private LabelTarget(LabelConfig config, ControlTag? boxes, ControlTag? choices, ControlTag? polygons)
    {
        Config = config;
        Boxes = boxes;
        Choices = choices;
        Polygons = polygons;
    }

    public LabelConfig Config { get; }

    /// <summary>The first RectangleLabels tag on an Image, or null when the config has none.</summary>
    public ControlTag? Boxes { get; }

    /// <summary>The first Choices tag, or null when the config has none.</summary>
    public ControlTag? Choices { get; }

    /// <summary>The first PolygonLabels tag on an Image, or null when the config has none.</summary>
    public ControlTag? Polygons { get; }

    public static LabelTarget For(LabelConfig config) => new(
        config,
        config.ControlTags.FirstOrDefault(c => c.Type == "RectangleLabels" && c.Inputs.Any(i => i.Type == "Image")),
        config.ControlTags.FirstOrDefault(c => c.Type == "Choices" && c.Inputs.Count > 0),
        config.ControlTags.FirstOrDefault(c => c.Type == "PolygonLabels" && c.Inputs.Any(i => i.Type == "Image")));

    /// <summary>The config's tag for boxes, or a message saying why boxes cannot be imported.</summary>
    public ControlTag RequireBoxes(LabelFormat format) => Boxes ?? throw new LabelImportException(
        $"{format.Name()} files hold boxes, but this project's label config has no <RectangleLabels> on an <Image>. " +
        "Add one to the label config, or import another format.");

    /// <summary>COCO holds boxes and polygons: the config needs a tag for one of them at least.</summary>
    public void RequireBoxesOrPolygons(LabelFormat format)
    {
        if (Boxes is null && Polygons is null)
            throw new LabelImportException($"{format.Name()} files hold boxes and polygons, but this project's label config has no <RectangleLabels> " +
                "or <PolygonLabels> on an <Image>. Add one to the label config, or import another format.");
    }

    public ControlTag RequireChoices(LabelFormat format) => Choices ?? throw new LabelImportException(
        $"{format.Name()} files hold one class per file, but this project's label config has no <Choices>. " +
        "Add one to the label config, or import another format.");

    public static string ToName(ControlTag control) =>
        control.Inputs.FirstOrDefault(i => i.Type == "Image")?.Name ?? control.Inputs[0].Name;

    public static bool Knows(ControlTag control, string label) =>
        control.Labels.Any(l => string.Equals(l.Value, label, StringComparison.Ordinal));

    /// <summary>Boxes may touch the edges; a rounding error of the tool that wrote the file is not "outside".</summary>
    private const double EdgeTolerance = 1e-6;

    /// <summary>Null when the point (percent of the image) lies inside it, else why not.</summary>
    public static string? PointProblem(double x, double y) =>
        !double.IsFinite(x) || !double.IsFinite(y) ? "a point is not a number"
        : x < -EdgeTolerance || y < -EdgeTolerance || x > 100 + EdgeTolerance || y > 100 + EdgeTolerance ? "a point lies outside the image"
        : null;

    /// <summary>Null when the box (percent of the image) lies inside it, else why not.</summary>
    public static string? BoxProblem(double x, double y, double width, double height)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y) || !double.IsFinite(width) || !double.IsFinite(height))
            return "the box has a coordinate that is not a number";
        if (width <= 0 || height <= 0)
            return "the box has no area (width or height is zero or negative)";
        if (x < -EdgeTolerance || y < -EdgeTolerance || x + width > 100 + EdgeTolerance || y + height > 100 + EdgeTolerance)
            return $"the box reaches outside the image (x {x:0.##}%..{x + width:0.##}%, y {y:0.##}%..{y + height:0.##}% of the image)";
        return null;
    }
}
