using System.Text.Json;
using Labelit.Export.Items;
using Labelit.Export.Output;

namespace Labelit.Export.Formats;

/// <summary>LS's prettify_result, shared by JSON_MIN and CSV: a Choices or TextArea tag with a
/// single region and a single value becomes that plain value; everything else becomes a list
/// of the regions' value objects (without "type", with the image size).</summary>
internal static class PrettyResult
{
    /// <summary>The string LS's CSV writes as is: a lone Choices/TextArea region holding one
    /// string. Null when the cell gets JSON instead.</summary>
    public static JsonElement? SingleString(ItemOutput output) =>
        IsUnwrapped(output) && SingleEntry(output.Values[0]) is { ValueKind: JsonValueKind.String } text
            ? text
            : null;

    public static void Write(PyJsonWriter writer, ItemOutput output)
    {
        if (IsUnwrapped(output))
        {
            WriteEntry(writer, output.Values[0]);
            return;
        }

        writer.StartArray();
        foreach (var value in output.Values)
        {
            WriteEntry(writer, value);
        }

        writer.EndArray();
    }

    /// <summary>LS returns the lone entry instead of a one-entry list for Choices and TextArea.</summary>
    private static bool IsUnwrapped(ItemOutput output) =>
        output.Values.Count == 1 && output.Values[0].TagType is "Choices" or "TextArea";

    private static void WriteEntry(PyJsonWriter writer, ResultValue value)
    {
        if (SingleEntry(value) is { } entry)
        {
            writer.Element(entry);
        }
        else if (value.TagType is "Chat" or "chatmessage" && value.TryGetValue("chatmessage", out var message))
        {
            writer.Element(message);
        }
        else
        {
            WriteValueObject(writer, value);
        }
    }

    /// <summary>choices[0] / text[0] when the region holds exactly one.</summary>
    private static JsonElement? SingleEntry(ResultValue value)
    {
        var listName = value.TagType switch
        {
            "Choices" => "choices",
            "TextArea" => "text",
            _ => null,
        };
        return listName is not null
            && value.TryGetValue(listName, out var list)
            && list.ValueKind == JsonValueKind.Array
            && list.GetArrayLength() == 1
                ? list[0]
                : null;
    }

    /// <summary>The result's value object minus its "type", with original_width/height of the
    /// result replacing or following the value's own fields, as LS builds it.</summary>
    public static void WriteValueObject(PyJsonWriter writer, ResultValue value)
    {
        var hasWidth = value.TryGetOriginalWidth(out var width);
        var hasHeight = value.TryGetOriginalHeight(out var height);
        bool widthWritten = false, heightWritten = false;
        writer.StartObject();
        if (value.Value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.Value.EnumerateObject())
            {
                if (property.NameEquals("type"))
                {
                    continue;
                }

                writer.PropertyNameRaw(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8PropertyName(property));
                if (hasWidth && property.NameEquals("original_width"))
                {
                    writer.Element(width);
                    widthWritten = true;
                }
                else if (hasHeight && property.NameEquals("original_height"))
                {
                    writer.Element(height);
                    heightWritten = true;
                }
                else
                {
                    writer.Element(property.Value);
                }
            }
        }

        if (hasWidth && !widthWritten)
        {
            writer.PropertyName("original_width");
            writer.Element(width);
        }

        if (hasHeight && !heightWritten)
        {
            writer.PropertyName("original_height");
            writer.Element(height);
        }

        writer.EndObject();
    }
}
