using System.Text;
using System.Text.Json;
using Labelit.Export.Config;
using Labelit.Export.Formats.Images;
using Labelit.Export.Items;
using Labelit.Export.Output;

namespace Labelit.Export.Formats;

/// <summary>YOLO: a zip with labels/&lt;image name&gt;.txt per task ("class x_centre y_centre
/// width height" normalised to 0..1, or "class x1 y1 x2 y2 ..." for polygons), classes.txt,
/// notes.json and an empty images/ folder, as LS writes it.</summary>
internal sealed class YoloExporter(LabelConfig config, ExportOptions options) : ItemExporter(config)
{
    private static readonly string[] CategoryKeys = ["rectanglelabels", "polygonlabels", "labels"];

    private readonly bool _keypoints = config.ControlTags.Any(c => c.Type == "KeyPointLabels");
    private readonly CategoryTable _categories = config.ControlTags.Any(c => c.Type == "KeyPointLabels")
        ? CategoryTable.ForYoloKeypoints(config)
        : CategoryTable.FromLabels(config);
    private readonly List<string> _keypointOrder = KeypointOrder.From(config);
    private readonly WrittenFileNames _writtenFiles = new();
    private readonly ByteSink _file = new();
    private ZipOutput? _zip;

    protected override async ValueTask StartAsync(Stream output, CancellationToken cancellationToken)
    {
        _zip = await ZipOutput.CreateAsync(output, options, cancellationToken);
        await _zip.AddDirectoryAsync("images/", cancellationToken);
        await _zip.AddDirectoryAsync("labels/", cancellationToken);
    }

    /// <summary>LS writes each row's label file over the previous row's of the same task, so the
    /// file ends up with the last row that had results (the oldest annotation); a task without
    /// results gets an empty file.</summary>
    protected override async ValueTask WriteTaskAsync(
        JsonElement task, List<AnnotationItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return;
        }

        var hasFile = false;
        foreach (var item in items)
        {
            var labels = item.AllValues.ToList();
            if (labels.Count == 0)
            {
                hasFile = true;
                continue;
            }

            _file.Clear();
            if (_keypoints)
            {
                WriteKeypointLines(labels);
            }
            else
            {
                WriteLines(labels);
            }

            hasFile = true;
        }

        var imageName = ImageFileName.FileNameFor(items[0].DataValue(Config.SingleDataKey!));
        var baseName = ImageFileName.WithoutExtension(imageName);
        var fileName = "labels/" + baseName[..Math.Min(baseName.Length, 251)] + ".txt";
        // Two tasks with the same image would overwrite each other in LS; a zip cannot, so the
        // first one is kept.
        if (hasFile && _writtenFiles.Add(fileName))
        {
            await _zip!.AddFileAsync(fileName, _file.Written.ToArray(), cancellationToken);
        }

        _file.Clear();
    }

    protected override ValueTask ReleaseAsync()
    {
        _zip?.Abandon();
        return ValueTask.CompletedTask;
    }

    protected override async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        var classes = new StringBuilder();
        foreach (var category in _categories.Categories)
        {
            classes.Append(category.Name).Append('\n');
        }

        await _zip!.AddFileAsync("classes.txt", Encoding.UTF8.GetBytes(classes.ToString()), cancellationToken);
        await _zip.AddFileAsync("notes.json", Notes(), cancellationToken);
        await _zip.DisposeAsync();
        _file.Dispose();
    }

    private void WriteLines(List<ResultValue> labels)
    {
        foreach (var label in labels)
        {
            var names = CategoryKeys.SelectMany(key => LabelNames(label, key)).ToList();
            foreach (var name in names)
            {
                var categoryId = _categories.IdFor(name);
                if (label.Has("rectanglelabels") || label.Has("rectangle") || label.Has("labels"))
                {
                    if (label.Number("x") is not { } x || label.Number("y") is not { } y
                        || label.Number("width") is not { } w || label.Number("height") is not { } h)
                    {
                        continue;
                    }

                    WriteLine(categoryId, [(x + (w / 2)) / 100, (y + (h / 2)) / 100, w / 100, h / 100]);
                }
                else if (label.TryGetValue("points", out var points) && points.ValueKind == JsonValueKind.Array)
                {
                    var coordinates = new List<double>();
                    foreach (var point in points.EnumerateArray())
                    {
                        coordinates.Add(point[0].GetDouble() / 100);
                        coordinates.Add(point[1].GetDouble() / 100);
                    }

                    WriteLine(categoryId, coordinates);
                }
            }
        }
    }

    private void WriteLine(int categoryId, IEnumerable<double> values)
    {
        _file.WriteUtf8(categoryId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var value in values)
        {
            _file.Write((byte)' ');
            _file.WriteUtf8(PyFloat.Format(value));
        }

        _file.Write((byte)'\n');
    }

    /// <summary>YOLO pose: one line per labelled rectangle with its keypoints (x, y, visibility)
    /// in model_index order, keypoints found through their parentID. Lines are joined without
    /// a final newline, as LS does.</summary>
    private void WriteKeypointLines(List<ResultValue> labels)
    {
        var rectangles = new Dictionary<string, (int ClassId, double[] Box, Dictionary<string, (double X, double Y)> Points)>();
        var order = new List<string>();
        foreach (var label in labels.Where(l => l.TagType.Equals("RectangleLabels", StringComparison.OrdinalIgnoreCase)))
        {
            var name = label.FirstLabel("rectanglelabels");
            if (name is null || !_categories.TryGetId(name, out var classId)
                || label.Number("x") is not { } x || label.Number("y") is not { } y
                || label.Number("width") is not { } w || label.Number("height") is not { } h)
            {
                continue;
            }

            var id = ResultId(label, "id");
            var (left, top, width, height) = (x / 100.0, y / 100.0, w / 100.0, h / 100.0);
            if (!rectangles.ContainsKey(id))
            {
                order.Add(id);
            }

            rectangles[id] = (classId, [left + (width / 2.0), top + (height / 2.0), width, height], []);
        }

        foreach (var label in labels.Where(l => l.TagType.Equals("KeyPointLabels", StringComparison.OrdinalIgnoreCase)))
        {
            var parent = ResultId(label, "parentID");
            if (rectangles.TryGetValue(parent, out var rectangle) && label.FirstLabel("keypointlabels") is { } name)
            {
                rectangle.Points[name] = ((label.Number("x") ?? 0) / 100.0, (label.Number("y") ?? 0) / 100.0);
            }
        }

        var lines = order.Select(id =>
        {
            var (classId, box, points) = rectangles[id];
            var parts = new List<string> { classId.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            parts.AddRange(box.Select(PyFloat.Format));
            foreach (var keypoint in _keypointOrder)
            {
                parts.AddRange(points.TryGetValue(keypoint, out var p)
                    ? [PyFloat.Format(p.X), PyFloat.Format(p.Y), "2"]
                    : ["0.0", "0.0", "0"]);
            }

            return string.Join(' ', parts);
        });
        _file.WriteUtf8(string.Join('\n', lines));
    }

    private static string ResultId(ResultValue label, string name) =>
        label.Result.TryGetProperty(name, out var id) ? id.ToString() : "";

    private static IEnumerable<string> LabelNames(ResultValue label, string key) =>
        label.TryGetValue(key, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(e => e.ToString())
            : [];

    private byte[] Notes()
    {
        using var sink = new ByteSink();
        var w = new PyJsonWriter(sink, indent: 2);
        w.StartObject();
        w.PropertyName("categories");
        _categories.Write(w);
        w.PropertyName("info");
        w.StartObject();
        w.PropertyName("year");
        w.Number(options.Clock.GetLocalNow().Year);
        w.PropertyName("version");
        w.String("1.0");
        w.PropertyName("contributor");
        w.String("Label Studio");
        w.EndObject();
        w.EndObject();
        return sink.Written.ToArray();
    }
}
