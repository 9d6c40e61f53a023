using System.Text.Json;

namespace Labelit.Export.Items;

/// <summary>One row of LS's converter: a task with one of its annotations (or with none when
/// the task has no annotations at all). Everything points into the task's JSON; nothing is copied.</summary>
internal sealed class AnnotationItem(JsonElement task, JsonElement data, JsonElement? annotation)
{
    public JsonElement Task { get; } = task;

    /// <summary>task["data"].</summary>
    public JsonElement Data { get; } = data;

    /// <summary>Null for a task without annotations.</summary>
    public JsonElement? Annotation { get; } = annotation;

    /// <summary>Results grouped by from_name, in order of first appearance.</summary>
    public List<ItemOutput> Outputs { get; } = [];

    public bool HasOutputs => Outputs.Count > 0;

    public IEnumerable<ResultValue> AllValues => Outputs.SelectMany(o => o.Values);

    public JsonElement? TaskId => Task.TryGetProperty("id", out var id) && id.ValueKind != JsonValueKind.Null ? id : null;

    /// <summary>An annotation field, or null when absent (LS writes null for those).</summary>
    public JsonElement? AnnotationField(string name) =>
        Annotation is { } a && a.TryGetProperty(name, out var value) ? value : null;

    public JsonElement? DataValue(string key) =>
        Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(key, out var value) ? value : null;
}
