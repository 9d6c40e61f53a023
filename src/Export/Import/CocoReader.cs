using System.Text.Json;

namespace Labelit.Export.Import;

/// <summary>Reads COCO boxes in two streaming passes over the file: images and categories first
/// (small: one entry per image), then the annotations one at a time, because COCO writers put the
/// sections in any order. Boxes ("bbox": [x, y, width, height] in pixels) become RectangleLabels in
/// percent of the image, as LS stores them; polygons ("segmentation": [[x1, y1, x2, y2, ...]]) become
/// PolygonLabels when the config has them (LS's COCO export writes both for a polygon).</summary>
internal sealed class CocoReader(LabelTarget target, ParsedLabels parsed)
{
    private static readonly HashSet<string> IndexSections = ["images", "categories"];
    private static readonly HashSet<string> AnnotationSections = ["annotations"];

    private readonly Dictionary<long, CocoImage> _images = [];
    private readonly Dictionary<long, string> _categories = [];
    private readonly HashSet<long> _annotationIds = [];

    private sealed record CocoImage(string FileName, double? Width, double? Height);

    public void Read(ImportFiles files)
    {
        target.RequireBoxesOrPolygons(LabelFormat.Coco);
        var json = files.WithExtension(".json").ToList();
        var file = json.Count switch
        {
            1 => json[0],
            0 => throw new LabelImportException("No .json file was found: a COCO import is one JSON file (or a zip holding it, such as LS's COCO export)."),
            _ => json.FirstOrDefault(f => Path.GetFileName(f.Name) == "result.json") ?? throw new LabelImportException(
                $"The zip holds {json.Count} .json files ({string.Join(", ", json.Take(3).Select(f => f.Name))}...): upload the one COCO file on its own."),
        };

        using (var stream = file.Open())
            JsonSectionScanner.Scan(stream, file.Name, IndexSections, (section, index, element) =>
            {
                if (section == "images")
                    AddImage(index, element);
                else
                    AddCategory(index, element);
            });
        parsed.FilesMentioned = _images.Count;
        if (_images.Count == 0)
            throw new LabelImportException($"{file.Name} lists no \"images\": a COCO file names each image (id, file_name, width, height) that its annotations refer to.");

        using (var stream = file.Open())
            JsonSectionScanner.Scan(stream, file.Name, AnnotationSections, (_, index, element) => AddAnnotation(index, element));
    }

    private void AddImage(int index, JsonElement image)
    {
        var where = $"images #{index + 1}";
        if (Number(image, "id") is not { } number || ToId(number) is not { } id)
        {
            parsed.Problem(ProblemKind.Malformed, where, "the image has no numeric \"id\"");
            return;
        }

        if (image.TryGetProperty("file_name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() is { Length: > 0 } fileName)
        {
            if (!_images.TryAdd(id, new CocoImage(fileName, Number(image, "width"), Number(image, "height"))))
                parsed.Problem(ProblemKind.DuplicateId, where, $"image id {id} is used twice; the first one is kept");
        }
        else
        {
            parsed.Problem(ProblemKind.Malformed, where, $"image {id} has no \"file_name\"");
        }
    }

    private void AddCategory(int index, JsonElement category)
    {
        var where = $"categories #{index + 1}";
        if (Number(category, "id") is not { } number || ToId(number) is not { } id
            || !category.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
        {
            parsed.Problem(ProblemKind.Malformed, where, "the category needs a numeric \"id\" and a \"name\"");
            return;
        }

        if (!_categories.TryAdd(id, name.GetString()!))
            parsed.Problem(ProblemKind.DuplicateId, where, $"category id {id} is used twice; the first one is kept");
    }

    private void AddAnnotation(int index, JsonElement annotation)
    {
        var where = $"annotations #{index + 1}";
        if (Number(annotation, "id") is { } number && ToId(number) is { } annotationId)
        {
            where += $" (id {annotationId})";
            if (!_annotationIds.Add(annotationId))
            {
                parsed.Problem(ProblemKind.DuplicateId, where, $"annotation id {annotationId} is used twice; only the first is imported");
                return;
            }
        }

        if (Number(annotation, "image_id") is not { } imageNumber || ToId(imageNumber) is not { } imageId || !_images.TryGetValue(imageId, out var image))
        {
            parsed.Problem(ProblemKind.Malformed, where, "its \"image_id\" names no image of \"images\"");
            return;
        }

        if (Number(annotation, "category_id") is not { } categoryNumber || ToId(categoryNumber) is not { } categoryId || !_categories.TryGetValue(categoryId, out var label))
        {
            parsed.Problem(ProblemKind.Malformed, where, "its \"category_id\" names no category of \"categories\"");
            return;
        }

        var polygon = target.Polygons is not null ? Polygon(annotation) : null;
        var control = polygon is not null ? target.Polygons! : target.Boxes;
        if (control is null)
        {
            parsed.Problem(ProblemKind.Unsupported, where, "it is a box, and the label config takes only polygons (<PolygonLabels>)");
            return;
        }

        if (!LabelTarget.Knows(control, label))
        {
            parsed.Problem(ProblemKind.UnknownLabel, where, $"the label \"{label}\" is not in the label config's <{control.Type} name=\"{control.Name}\">");
            return;
        }

        if (image.Width is not > 0 || image.Height is not > 0)
        {
            parsed.Problem(ProblemKind.Malformed, where, $"its image {image.FileName} has no width and height, so the {(polygon is null ? "box" : "polygon")} cannot be placed");
            return;
        }

        var (w, h) = (image.Width.Value, image.Height.Value);
        if (polygon is not null)
        {
            AddPolygon(where, image, label, polygon, Number(annotation, "score"));
            return;
        }

        if (!annotation.TryGetProperty("bbox", out var bbox) || bbox.ValueKind != JsonValueKind.Array || bbox.GetArrayLength() != 4
            || bbox.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number))
        {
            parsed.Problem(ProblemKind.Unsupported, where, "it has no \"bbox\" of four numbers");
            return;
        }

        var (x, y, width, height) = (bbox[0].GetDouble() / w * 100, bbox[1].GetDouble() / h * 100, bbox[2].GetDouble() / w * 100, bbox[3].GetDouble() / h * 100);
        if (LabelTarget.BoxProblem(x, y, width, height) is { } outside)
        {
            parsed.Problem(ProblemKind.OutsideImage, where, $"{outside} ({image.FileName}, {w}x{h} pixels)");
            return;
        }

        parsed.Add(new ImportedLabel(image.FileName, LabelShape.Rectangle, label, x, y, width, height, w, h, Number(annotation, "score")));
    }

    /// <summary>The first polygon of "segmentation" as pixel pairs, or null when it holds none (a box, or RLE masks).</summary>
    private static List<double>? Polygon(JsonElement annotation)
    {
        if (!annotation.TryGetProperty("segmentation", out var segmentation) || segmentation.ValueKind != JsonValueKind.Array
            || segmentation.GetArrayLength() == 0 || segmentation[0].ValueKind != JsonValueKind.Array)
            return null;
        var coordinates = segmentation[0];
        if (coordinates.GetArrayLength() < 6 || coordinates.GetArrayLength() % 2 != 0 || coordinates.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number))
            return null;
        return coordinates.EnumerateArray().Select(v => v.GetDouble()).ToList();
    }

    private void AddPolygon(string where, CocoImage image, string label, List<double> pixels, double? score)
    {
        var (w, h) = (image.Width!.Value, image.Height!.Value);
        var points = new List<(double X, double Y)>(pixels.Count / 2);
        for (var i = 0; i < pixels.Count; i += 2)
            points.Add((pixels[i] / w * 100, pixels[i + 1] / h * 100));
        if (points.Any(p => LabelTarget.PointProblem(p.X, p.Y) is not null))
        {
            parsed.Problem(ProblemKind.OutsideImage, where, $"the polygon reaches outside the image ({image.FileName}, {w}x{h} pixels)");
            return;
        }

        parsed.Add(new ImportedLabel(image.FileName, LabelShape.Polygon, label, ImageWidth: w, ImageHeight: h, Score: score, Points: points));
    }

    private static double? Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static long? ToId(double number) => number == Math.Floor(number) && Math.Abs(number) < 1e15 ? (long)number : null;
}
