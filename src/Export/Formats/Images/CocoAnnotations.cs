using System.Text.Json;
using Labelit.Export.Items;
using Labelit.Export.Output;

namespace Labelit.Export.Formats.Images;

/// <summary>COCO's "annotations" items as LS writes them: rectangles (rotation applied) and
/// polygons in pixels with bbox and area, and all keypoints of one annotation as one item.</summary>
internal sealed class CocoAnnotations(SpilledSection annotations, CategoryTable categories, List<string> keypointOrder)
{
    public void Rectangle(ResultValue label, int imageId, int categoryId)
    {
        if (label.Number("x") is not { } x || label.Number("y") is not { } y
            || label.Number("width") is not { } width || label.Number("height") is not { } height)
        {
            return;
        }

        (x, y, width, height) = RotatedRectangle.Bounds(x, y, width, height, label.Number("rotation") ?? 0);
        var imageWidth = OriginalSize(label, "original_width");
        var imageHeight = OriginalSize(label, "original_height");
        x = x * imageWidth / 100;
        y = y * imageHeight / 100;
        width = width * imageWidth / 100;
        height = height * imageHeight / 100;

        var w = StartAnnotation(imageId, categoryId);
        w.PropertyName("segmentation");
        w.StartArray();
        w.EndArray();
        WriteBox(w, x, y, width, height);
        w.PropertyName("ignore");
        w.Number(0);
        w.PropertyName("iscrowd");
        w.Number(0);
        w.PropertyName("area");
        w.Number(width * height);
        w.EndObject();
    }

    public void Polygon(ResultValue label, int imageId, int categoryId, double imageWidth, double imageHeight)
    {
        if (!label.TryGetValue("points", out var points) || points.ValueKind != JsonValueKind.Array || points.GetArrayLength() == 0)
        {
            return;
        }

        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var point in points.EnumerateArray())
        {
            xs.Add(point[0].GetDouble() / 100 * imageWidth);
            ys.Add(point[1].GetDouble() / 100 * imageHeight);
        }

        var w = StartAnnotation(imageId, categoryId);
        w.PropertyName("segmentation");
        w.StartArray();
        w.StartArray();
        for (var i = 0; i < xs.Count; i++)
        {
            w.Number(xs[i]);
            w.Number(ys[i]);
        }

        w.EndArray();
        w.EndArray();
        var (minX, minY) = (xs.Min(), ys.Min());
        WriteBox(w, minX, minY, xs.Max() - minX, ys.Max() - minY);
        w.PropertyName("ignore");
        w.Number(0);
        w.PropertyName("iscrowd");
        w.Number(0);
        w.PropertyName("area");
        w.Number(ShoelaceArea(xs, ys));
        w.EndObject();
    }

    /// <summary>All keypoints of one annotation become one COCO annotation: [x, y, v] per
    /// keypoint in model_index order, in whole pixels, v=2 for labelled points.</summary>
    public void Keypoints(List<ResultValue> labels, int imageId)
    {
        if (keypointOrder.Count == 0)
        {
            throw new ExportException(
                "COCO keypoints need a model_index on every keypoint label, e.g. " +
                "<KeyPointLabels name=\"keypoints\" toName=\"image\"><Label value=\"eye\" model_index=\"0\"/>" +
                "<Label value=\"nose\" model_index=\"1\"/></KeyPointLabels>.");
        }

        var values = new long[keypointOrder.Count * 3];
        foreach (var keypoint in labels)
        {
            var x = (keypoint.Number("x") ?? 0) / 100 * OriginalSize(keypoint, "original_width");
            var y = (keypoint.Number("y") ?? 0) / 100 * OriginalSize(keypoint, "original_height");
            if (!keypoint.TryGetValue("keypointlabels", out var names) || names.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var name in names.EnumerateArray())
            {
                var index = keypointOrder.IndexOf(name.ToString());
                if (index >= 0)
                {
                    values[3 * index] = (long)Math.Round(x, MidpointRounding.ToEven);
                    values[(3 * index) + 1] = (long)Math.Round(y, MidpointRounding.ToEven);
                    values[(3 * index) + 2] = 2;
                }
            }
        }

        var visible = Enumerable.Range(0, keypointOrder.Count).Where(i => values[(3 * i) + 2] > 0).ToList();
        categories.TryGetId(keypointOrder[0], out var categoryId);
        var w = StartAnnotation(imageId, categoryId);
        w.PropertyName("keypoints");
        w.StartArray();
        foreach (var value in values)
        {
            w.Number(value);
        }

        w.EndArray();
        w.PropertyName("num_keypoints");
        w.Number(visible.Count);
        w.PropertyName("bbox");
        w.StartArray();
        if (visible.Count == 0)
        {
            for (var i = 0; i < 4; i++)
            {
                w.Number(0);
            }
        }
        else
        {
            var xs = visible.Select(i => values[3 * i]).ToList();
            var ys = visible.Select(i => values[(3 * i) + 1]).ToList();
            w.Number(xs.Min());
            w.Number(ys.Min());
            w.Number(xs.Max() - xs.Min());
            w.Number(ys.Max() - ys.Min());
        }

        w.EndArray();
        w.PropertyName("iscrowd");
        w.Number(0);
        w.EndObject();
    }

    private PyJsonWriter StartAnnotation(int imageId, int categoryId)
    {
        var id = annotations.Count;
        var w = annotations.NextItem();
        w.StartObject();
        w.PropertyName("id");
        w.Number(id);
        w.PropertyName("image_id");
        w.Number(imageId);
        w.PropertyName("category_id");
        w.Number(categoryId);
        return w;
    }

    private static void WriteBox(PyJsonWriter w, double x, double y, double width, double height)
    {
        w.PropertyName("bbox");
        w.StartArray();
        w.Number(x);
        w.Number(y);
        w.Number(width);
        w.Number(height);
        w.EndArray();
    }

    private static double ShoelaceArea(List<double> xs, List<double> ys)
    {
        double forward = 0, backward = 0;
        for (var i = 0; i < xs.Count; i++)
        {
            var previous = (i + xs.Count - 1) % xs.Count;
            forward += xs[i] * ys[previous];
            backward += ys[i] * xs[previous];
        }

        return 0.5 * Math.Abs(forward - backward);
    }

    private static double OriginalSize(ResultValue label, string name) =>
        label.Result.TryGetProperty(name, out var size) && size.ValueKind == JsonValueKind.Number ? size.GetDouble() : 0;
}
