using System.Text.Json;
using Labelit.Export.Config;

namespace Labelit.Export.Items;

/// <summary>Turns a task into LS converter rows the way its annotation_result_from_task does:
/// a task without annotations gives one empty row; cancelled (skipped) annotations are left
/// out, so a task whose annotations were all cancelled gives no row; the others give one row
/// each, newest created_at first; results whose from_name is not a control tag are dropped
/// (chat messages excepted).</summary>
internal static class ItemBuilder
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    /// <summary>Fills <paramref name="items"/> and returns how many annotations were kept.</summary>
    public static int Build(JsonElement task, LabelConfig config, List<AnnotationItem> items)
    {
        items.Clear();
        var data = task.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : EmptyObject;
        if (!task.TryGetProperty("annotations", out var annotations) && !task.TryGetProperty("completions", out annotations))
        {
            return 0;
        }

        if (annotations.ValueKind != JsonValueKind.Array || annotations.GetArrayLength() == 0)
        {
            items.Add(new AnnotationItem(task, data, null));
            return 0;
        }

        var kept = new List<(JsonElement Annotation, string CreatedAt)>();
        foreach (var annotation in annotations.EnumerateArray())
        {
            if (annotation.ValueKind == JsonValueKind.Object && !IsCancelled(annotation))
            {
                kept.Add((annotation, CreatedAt(annotation)));
            }
        }

        // A stable sort, newest first, as LS's sorted(..., reverse=True).
        var newestFirst = kept.Count > 1 ? kept.OrderByDescending(a => a.CreatedAt, StringComparer.Ordinal) : kept.AsEnumerable();
        foreach (var (annotation, _) in newestFirst)
        {
            var item = new AnnotationItem(task, data, annotation);
            AddOutputs(item, annotation, config);
            items.Add(item);
        }

        return kept.Count;
    }

    private static void AddOutputs(AnnotationItem item, JsonElement annotation, LabelConfig config)
    {
        if (!annotation.TryGetProperty("result", out var results) || results.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var result in results.EnumerateArray())
        {
            if (result.ValueKind != JsonValueKind.Object
                || !result.TryGetProperty("from_name", out var fromNameElement)
                || fromNameElement.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            // Compared in place: a project has a handful of control tags, and this runs for every result.
            var control = FindControl(config, fromNameElement);
            var fromName = control?.Name ?? fromNameElement.GetString()!;
            string tagType;
            if (control is not null)
            {
                tagType = control.Type;
            }
            else if (result.TryGetProperty("type", out var type) && type.ValueEquals("chatmessage"))
            {
                tagType = "chatmessage";
            }
            else
            {
                continue;
            }

            var value = result.TryGetProperty("value", out var v) ? v : EmptyObject;
            OutputFor(item, fromName).Values.Add(new ResultValue(result, value, tagType));
        }
    }

    private static ControlTag? FindControl(LabelConfig config, JsonElement fromName)
    {
        foreach (var control in config.ControlTags)
        {
            if (fromName.ValueEquals(control.Name))
            {
                return control;
            }
        }

        return null;
    }

    private static ItemOutput OutputFor(AnnotationItem item, string fromName)
    {
        foreach (var output in item.Outputs)
        {
            if (output.FromName == fromName)
            {
                return output;
            }
        }

        var added = new ItemOutput(fromName);
        item.Outputs.Add(added);
        return added;
    }

    private static bool IsCancelled(JsonElement annotation) =>
        IsTrue(annotation, "skipped") || IsTrue(annotation, "was_cancelled");

    private static bool IsTrue(JsonElement annotation, string name) =>
        annotation.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static string CreatedAt(JsonElement annotation) =>
        annotation.TryGetProperty("created_at", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "";
}
