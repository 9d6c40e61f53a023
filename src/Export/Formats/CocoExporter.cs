using System.Globalization;
using System.Text.Json;
using Labelit.Export.Config;
using Labelit.Export.Formats.Images;
using Labelit.Export.Items;
using Labelit.Export.Output;

namespace Labelit.Export.Formats;

/// <summary>COCO: a zip holding result.json and an empty images/ folder, as LS's export.
/// result.json lists "images", "categories", "annotations" and "info" in that order. Categories
/// can still grow with the last task (labels missing from the config), so images and
/// annotations are spilled to temp files and joined after the last task: one pass over the
/// input, memory independent of the task count.</summary>
internal sealed class CocoExporter(LabelConfig config, ExportOptions options) : ItemExporter(config)
{
    private static readonly string[] CategoryKeys = ["rectanglelabels", "polygonlabels", "keypointlabels", "labels"];

    private readonly CategoryTable _categories = CreateCategories(config);
    private readonly List<string> _keypointOrder = KeypointOrder.From(config);
    private SpilledSection? _images;
    private SpilledSection? _annotations;
    private Stream _output = Stream.Null;

    protected override ValueTask StartAsync(Stream output, CancellationToken cancellationToken)
    {
        _output = output;
        _images = new SpilledSection(options.ResolveTempDirectory());
        _annotations = new SpilledSection(options.ResolveTempDirectory());
        return ValueTask.CompletedTask;
    }

    protected override async ValueTask WriteTaskAsync(
        JsonElement task, List<AnnotationItem> items, CancellationToken cancellationToken)
    {
        foreach (var item in items)
        {
            WriteItem(item);
        }

        await _images!.FlushIfFullAsync(cancellationToken);
        await _annotations!.FlushIfFullAsync(cancellationToken);
    }

    protected override async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        var images = _images!;
        var annotations = _annotations!;
        await using var zip = await ZipOutput.CreateAsync(_output, options, cancellationToken);
        await zip.AddFileAsync("result.json", async entry =>
        {
            await entry.WriteAsync("{\n  \"images\": "u8.ToArray(), cancellationToken);
            await images.CopyArrayToAsync(entry, cancellationToken);
            await entry.WriteAsync(",\n  \"categories\": "u8.ToArray(), cancellationToken);
            await entry.WriteAsync(Tail(w => _categories.Write(w)), cancellationToken);
            await entry.WriteAsync(",\n  \"annotations\": "u8.ToArray(), cancellationToken);
            await annotations.CopyArrayToAsync(entry, cancellationToken);
            await entry.WriteAsync(",\n  \"info\": "u8.ToArray(), cancellationToken);
            await entry.WriteAsync(Tail(WriteInfo), cancellationToken);
            await entry.WriteAsync("\n}"u8.ToArray(), cancellationToken);
        }, cancellationToken);
        await zip.AddDirectoryAsync("images/", cancellationToken);
    }

    protected override async ValueTask ReleaseAsync()
    {
        if (_images is not null)
        {
            await _images.DisposeAsync();
        }

        if (_annotations is not null)
        {
            await _annotations.DisposeAsync();
        }
    }

    private static CategoryTable CreateCategories(LabelConfig config)
    {
        var table = CategoryTable.FromLabels(config);
        table.MergeKeypointLabels(config);
        return table;
    }

    /// <summary>One LS converter row: adds its image once it has a usable label (or, for a row
    /// without results, with unknown size) and one annotation per rectangle or polygon, plus one
    /// for all its keypoints together.</summary>
    private void WriteItem(AnnotationItem item)
    {
        var fileName = ImageFileName.PathFor(item.DataValue(Config.SingleDataKey!));
        var imageId = _images!.Count;
        if (!item.HasOutputs)
        {
            WriteImage(imageId, null, null, fileName);
            return;
        }

        JsonElement? width = null, height = null;
        var keypoints = new List<ResultValue>();
        foreach (var label in item.AllValues)
        {
            var categoryName = CategoryKeys.Select(label.FirstLabel).FirstOrDefault(n => n is not null);
            if (categoryName is null)
            {
                continue;
            }

            if (!IsPositive(width) || !IsPositive(height))
            {
                if (!label.TryGetOriginalWidth(out var w) || !label.TryGetOriginalHeight(out var h))
                {
                    continue;
                }

                (width, height) = (w, h);
                WriteImage(imageId, w, h, fileName);
            }

            var categoryId = _categories.IdFor(categoryName);
            if (label.Has("rectanglelabels") || label.Has("labels"))
            {
                WriteRectangle(label, imageId, categoryId);
            }
            else if (label.Has("polygonlabels"))
            {
                WritePolygon(label, imageId, categoryId, width!.Value.GetDouble(), height!.Value.GetDouble());
            }
            else
            {
                keypoints.Add(label);
            }
        }

        if (keypoints.Count > 0)
        {
            WriteKeypoints(keypoints, imageId);
        }
    }

    private void WriteImage(int id, JsonElement? width, JsonElement? height, string fileName)
    {
        var w = _images!.NextItem();
        w.StartObject();
        w.PropertyName("width");
        WriteOrNull(w, width);
        w.PropertyName("height");
        WriteOrNull(w, height);
        w.PropertyName("id");
        w.Number(id);
        w.PropertyName("file_name");
        w.String(fileName);
        w.EndObject();
    }

    private void WriteRectangle(ResultValue label, int imageId, int categoryId)
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

    private void WritePolygon(ResultValue label, int imageId, int categoryId, double imageWidth, double imageHeight)
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
    private void WriteKeypoints(List<ResultValue> labels, int imageId)
    {
        if (_keypointOrder.Count == 0)
        {
            throw new ExportException(
                "COCO keypoints need a model_index on every keypoint label, e.g. " +
                "<KeyPointLabels name=\"keypoints\" toName=\"image\"><Label value=\"eye\" model_index=\"0\"/>" +
                "<Label value=\"nose\" model_index=\"1\"/></KeyPointLabels>.");
        }

        var values = new long[_keypointOrder.Count * 3];
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
                var index = _keypointOrder.IndexOf(name.ToString());
                if (index >= 0)
                {
                    values[3 * index] = (long)Math.Round(x, MidpointRounding.ToEven);
                    values[(3 * index) + 1] = (long)Math.Round(y, MidpointRounding.ToEven);
                    values[(3 * index) + 2] = 2;
                }
            }
        }

        var visible = Enumerable.Range(0, _keypointOrder.Count).Where(i => values[(3 * i) + 2] > 0).ToList();
        _categories.TryGetId(_keypointOrder[0], out var categoryId);
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
        var id = _annotations!.Count;
        var w = _annotations.NextItem();
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

    private static bool IsPositive(JsonElement? size) =>
        size is { ValueKind: JsonValueKind.Number } s && s.GetDouble() != 0;

    private static void WriteOrNull(PyJsonWriter w, JsonElement? value)
    {
        if (value is { } v)
        {
            w.Element(v);
        }
        else
        {
            w.Null();
        }
    }

    private void WriteInfo(PyJsonWriter w)
    {
        var now = options.Clock.GetLocalNow();
        w.StartObject();
        w.PropertyName("year");
        w.Number(now.Year);
        w.PropertyName("version");
        w.String("1.0");
        w.PropertyName("description");
        w.String("");
        w.PropertyName("contributor");
        w.String("Label Studio");
        w.PropertyName("url");
        w.String("");
        w.PropertyName("date_created");
        w.String(PythonDateTime(now));
        w.EndObject();
    }

    /// <summary>Python's str(datetime.now()).</summary>
    private static string PythonDateTime(DateTimeOffset time) =>
        time.ToString(time.Ticks % TimeSpan.TicksPerSecond / 10 == 0 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss.ffffff",
            CultureInfo.InvariantCulture);

    /// <summary>A small value written as a member of the top-level object.</summary>
    private static byte[] Tail(Action<PyJsonWriter> write)
    {
        using var sink = new ByteSink();
        write(new PyJsonWriter(sink, indent: 2, openLevels: 1).AsMemberValue());
        return sink.Written.ToArray();
    }
}
