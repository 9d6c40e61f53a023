using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Labelit.TestSupport.Gcs;

/// <summary>JSON as the JSON API writes it, including its partial responses (the <c>fields</c> parameter).</summary>
internal static class GcsJson
{
    public static JsonSerializerOptions Options { get; } = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>
    /// Keeps only what <paramref name="fields"/> selects, e.g. <c>items(name,size),nextPageToken</c> or
    /// <c>items/name</c>: a client that asks for less must not rely on anything it left out.
    /// </summary>
    public static JsonNode Select(JsonObject resource, string? fields)
    {
        if (string.IsNullOrEmpty(fields))
        {
            return resource;
        }

        var position = 0;
        return Apply(resource, ParseList(fields, ref position));
    }

    private static JsonNode Apply(JsonNode node, Selection selection) => node switch
    {
        JsonArray array => new JsonArray(array.Select(item => item is null ? null : Apply(item, selection)).ToArray()),
        JsonObject obj => new JsonObject(obj
            .Where(p => p.Value is not null && selection.ContainsKey(p.Key))
            .Select(p => KeyValuePair.Create(p.Key, (JsonNode?)(selection[p.Key] is { } inner ? Apply(p.Value!, inner) : p.Value!.DeepClone())))),
        _ => node.DeepClone(),
    };

    // list := item ("," item)*;  item := name ("/" item | "(" list ")")?
    private static Selection ParseList(string text, ref int position)
    {
        var list = new Selection();
        ParseItem(text, ref position, list);
        while (position < text.Length && text[position] == ',')
        {
            position++;
            ParseItem(text, ref position, list);
        }

        return list;
    }

    private static void ParseItem(string text, ref int position, Selection into)
    {
        var start = position;
        while (position < text.Length && text[position] is not (',' or '/' or '(' or ')'))
        {
            position++;
        }

        var name = text[start..position].Trim();
        Selection? inner = null;
        if (position < text.Length && text[position] == '(')
        {
            position++;
            inner = ParseList(text, ref position);
            position++; // the closing parenthesis
        }
        else if (position < text.Length && text[position] == '/')
        {
            position++;
            inner = into.GetValueOrDefault(name) ?? new Selection();
            ParseItem(text, ref position, inner);
        }

        into[name] = inner;
    }

    /// <summary>Selected members; a null value keeps the member whole.</summary>
    private sealed class Selection : Dictionary<string, Selection?>;
}
