using System.Text.Json;

namespace Labelit.Export.Items;

/// <summary>One region/result of an annotation as LS's converter sees it: the result's "value"
/// object, typed with the control tag's type from the label config (not the result's own
/// lower-case "type"), plus the image size stored next to it.</summary>
internal readonly record struct ResultValue(JsonElement Result, JsonElement Value, string TagType)
{
    public bool TryGetOriginalWidth(out JsonElement width) => Result.TryGetProperty("original_width", out width);

    public bool TryGetOriginalHeight(out JsonElement height) => Result.TryGetProperty("original_height", out height);

    public bool TryGetValue(string name, out JsonElement value)
    {
        value = default;
        return Value.ValueKind == JsonValueKind.Object && Value.TryGetProperty(name, out value);
    }

    public bool Has(string name) => TryGetValue(name, out _);

    public double? Number(string name) =>
        TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    /// <summary>The first label of a label list such as "rectanglelabels", if any.</summary>
    public string? FirstLabel(string listName) =>
        TryGetValue(listName, out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0
            ? list[0].ToString()
            : null;
}
