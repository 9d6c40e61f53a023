using System.Text;
using System.Text.Json;
using Labelit.Export.Items;

namespace Labelit.Export.Formats;

/// <summary>The readable "role: content" column LS adds next to chat results in CSV.</summary>
internal static class ChatTranscript
{
    public static bool Applies(ItemOutput output) => output.Values.Any(v => v.TagType is "Chat" or "chatmessage");

    public static string ColumnName(ItemOutput output) => output.FromName + "_transcript";

    public static string For(ItemOutput output)
    {
        var lines = new List<string>();
        foreach (var value in output.Values)
        {
            // Messages are what prettify leaves for each chat result: its "chatmessage" object.
            var message = value.TryGetValue("chatmessage", out var m) ? m : value.Value;
            if (message.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var role = Text(message, "role");
            var content = Text(message, "content");
            lines.Add(role.Length == 0 ? content : content.Length == 0 ? role + ":" : $"{role}: {content}");
        }

        return string.Join('\n', lines);
    }

    private static string Text(JsonElement message, string name)
    {
        if (!message.TryGetProperty(name, out var value))
        {
            return "";
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Null => "None",
            _ => value.GetRawText(),
        };
    }
}
