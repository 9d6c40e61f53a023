using System.Globalization;
using System.Text.Json.Nodes;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;

namespace Labelit.Worker.Progress.Agreement;

/// <summary>
/// Reads an LS annotation's <c>result</c> into the marks agreement compares. Region values are LS's
/// percentages of the image; with the image's size (original_width/height) they are turned into pixels,
/// so that a rotated box keeps its shape. Keypoints, brushes and free text are not compared.
/// </summary>
public static class MarkReader
{
    private static readonly GeometryFactory Geometries = new();

    private static readonly HashSet<string> Classifications = ["choices", "taxonomy", "rating"];
    private static readonly HashSet<string> Spans = ["labels", "hypertextlabels", "paragraphlabels", "timeserieslabels"];
    private static readonly string[] SpanPosition = ["start", "end", "startOffset", "endOffset", "globalOffsets"];

    public static IReadOnlyList<Mark> Read(JsonArray? result)
    {
        if (result is null || result.Count == 0)
            return [];
        var items = result.OfType<JsonObject>().ToList();
        // A choice made per region shares its region's id: it belongs to the region, not to the whole task.
        var regionIds = items.Where(i => !Classifications.Contains(Type(i))).Select(i => i["id"]?.ToString()).OfType<string>().ToHashSet();
        var marks = new List<Mark>();
        foreach (var item in items)
        {
            var type = Type(item);
            var control = item["from_name"]?.ToString() ?? "";
            if (item["value"] is not JsonObject value)
                continue;
            if (Classifications.Contains(type))
            {
                if (item["id"]?.ToString() is not { } id || !regionIds.Contains(id))
                    marks.Add(new ClassificationMark(control, Values(value[type])));
            }
            else if (Spans.Contains(type))
            {
                var position = string.Join("|", SpanPosition.Select(k => value[k]?.ToJsonString() ?? ""));
                marks.Add(new SpanMark(control, Values(value[type]), position));
            }
            else if (type is "rectanglelabels" or "rectangle" or "polygonlabels" or "polygon"
                     && Shape(type, value, Size(item["original_width"]), Size(item["original_height"])) is { } shape)
            {
                marks.Add(new ShapeMark(control, type.EndsWith("labels", StringComparison.Ordinal) ? Values(value[type]) : "", shape));
            }
        }
        return marks;
    }

    private static string Type(JsonObject item) => item["type"]?.ToString().ToLowerInvariant() ?? "";

    /// <summary>Chosen values or labels, order ignored; a taxonomy path is its steps joined.</summary>
    private static string Values(JsonNode? node) => node switch
    {
        JsonArray array => string.Join("\n", array.Select(v => v is JsonArray path ? string.Join("/", path.Select(p => p?.ToString())) : v?.ToString()).Order(StringComparer.Ordinal)),
        null => "",
        _ => node.ToJsonString(),
    };

    private static double Size(JsonNode? node) => Number(node) is var size && size > 0 ? size : 100;

    private static Geometry? Shape(string type, JsonObject value, double width, double height)
    {
        try
        {
            Coordinate[] ring;
            if (type.StartsWith("rectangle", StringComparison.Ordinal))
            {
                double x = Number(value["x"]) * width / 100, y = Number(value["y"]) * height / 100;
                double w = Number(value["width"]) * width / 100, h = Number(value["height"]) * height / 100;
                if (w <= 0 || h <= 0)
                    return null;
                // LS turns a box by `rotation` degrees about its top-left corner (y grows downwards).
                var angle = Number(value["rotation"]) * Math.PI / 180;
                var (cos, sin) = (Math.Cos(angle), Math.Sin(angle));
                ring = new[] { (0.0, 0.0), (w, 0.0), (w, h), (0.0, h), (0.0, 0.0) }
                    .Select(p => new Coordinate(x + p.Item1 * cos - p.Item2 * sin, y + p.Item1 * sin + p.Item2 * cos)).ToArray();
            }
            else
            {
                if (value["points"] is not JsonArray points || points.Count < 3)
                    return null;
                var corners = points.OfType<JsonArray>().Select(p => new Coordinate(Number(p[0]) * width / 100, Number(p[1]) * height / 100)).ToList();
                if (corners.Count < 3)
                    return null;
                corners.Add(corners[0]);
                ring = corners.ToArray();
            }
            Geometry polygon = Geometries.CreatePolygon(ring);
            // A polygon drawn across itself is made valid (its parts kept) so that its area means something.
            if (!polygon.IsValid)
                polygon = GeometryFixer.Fix(polygon);
            return polygon.Area > 0 ? polygon : null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or NetTopologySuite.Geometries.TopologyException)
        {
            return null; // a region LS would not draw either: left out of agreement, the read goes on
        }
    }

    /// <summary>A number however it was written (LS's JSON has ints, floats and, from some importers, strings).</summary>
    private static double Number(JsonNode? node) =>
        node is JsonValue value && double.TryParse(value.ToJsonString().Trim('"'), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
        && double.IsFinite(number) ? number : 0;
}
