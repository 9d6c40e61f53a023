using System.Text.Json;
using Labelit.Export.Items;

namespace Labelit.Export.Formats;

internal enum RecordValueKind { Null, Element, Output, Text, Integer }

/// <summary>One field of a JSON_MIN record or CSV row: copied from the input, a control tag's
/// results, or a value Labelit computes.</summary>
internal readonly record struct RecordValue(
    RecordValueKind Kind, JsonElement Element = default, ItemOutput? Output = null, string? Text = null, long Integer = 0)
{
    public static RecordValue Null => new(RecordValueKind.Null);

    public static RecordValue Of(JsonElement? element) =>
        element is { } e ? new(RecordValueKind.Element, Element: e) : Null;

    public static RecordValue Of(ItemOutput output) => new(RecordValueKind.Output, Output: output);

    public static RecordValue OfText(string text) => new(RecordValueKind.Text, Text: text);

    public static RecordValue OfInteger(long value) => new(RecordValueKind.Integer, Integer: value);
}

/// <summary>A Python dict in miniature: keys keep their first position when assigned again,
/// which decides field order when a data key collides with a column LS adds.</summary>
internal sealed class OrderedRecord
{
    private readonly List<string> _keys = [];
    private readonly List<RecordValue> _values = [];

    public int Count => _keys.Count;

    public string KeyAt(int index) => _keys[index];

    public RecordValue ValueAt(int index) => _values[index];

    public void Clear()
    {
        _keys.Clear();
        _values.Clear();
    }

    public void Set(string key, RecordValue value)
    {
        var index = _keys.IndexOf(key);
        if (index >= 0)
        {
            _values[index] = value;
            return;
        }

        _keys.Add(key);
        _values.Add(value);
    }

    public bool TryGet(string key, out RecordValue value)
    {
        var index = _keys.IndexOf(key);
        value = index >= 0 ? _values[index] : default;
        return index >= 0;
    }
}
