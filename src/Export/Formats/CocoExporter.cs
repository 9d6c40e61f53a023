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
    private SpilledSection? _images;
    private CocoAnnotations? _shapes;
    private SpilledSection? _annotations;
    private Stream _output = Stream.Null;

    protected override ValueTask StartAsync(Stream output, CancellationToken cancellationToken)
    {
        _output = output;
        _images = new SpilledSection(options.ResolveTempDirectory());
        _annotations = new SpilledSection(options.ResolveTempDirectory());
        _shapes = new CocoAnnotations(_annotations, _categories, KeypointOrder.From(Config));
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
                _shapes!.Rectangle(label, imageId, categoryId);
            }
            else if (label.Has("polygonlabels"))
            {
                _shapes!.Polygon(label, imageId, categoryId, width!.Value.GetDouble(), height!.Value.GetDouble());
            }
            else
            {
                keypoints.Add(label);
            }
        }

        if (keypoints.Count > 0)
        {
            _shapes!.Keypoints(keypoints, imageId);
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
