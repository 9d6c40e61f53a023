using System.Text;
using Labelit.Export.Output;

namespace Labelit.Export.Provenance;

/// <summary>Writes a task's "labelit_provenance" field the way LS writes its JSON export (Python's
/// json encoder: ", " and ": " separators, text as UTF-8), so the added field reads like the rest.</summary>
internal static class ProvenanceJson
{
    public const string FieldName = "labelit_provenance";

    public static void WriteField(ByteSink sink, TaskProvenance? provenance)
    {
        sink.Write("\""u8);
        sink.WriteUtf8(FieldName);
        sink.Write("\": "u8);
        if (provenance is null)
        {
            sink.Write("null"u8);
            return;
        }

        var latest = provenance.Latest;
        sink.Write("{\"location\": "u8);
        String(sink, provenance.Origin.Location);
        sink.Write(", \"dataset_sync\": "u8);
        if (provenance.Origin.CreatedBySync is { } sync)
            sink.WriteUtf8(sync.ToString(System.Globalization.CultureInfo.InvariantCulture));
        else
            sink.Write("null"u8);
        sink.Write(", \"labelled_version\": "u8);
        String(sink, latest?.Version.ETag);
        sink.Write(", \"current_version\": "u8);
        String(sink, provenance.Origin.Current.ETag);
        sink.Write(", \"labelled_on_older_version\": "u8);
        sink.Write(provenance.OnOlderVersion ? "true"u8 : "false"u8);
        sink.Write("}"u8);
    }

    private static void String(ByteSink sink, string? value)
    {
        if (value is null)
        {
            sink.Write("null"u8);
            return;
        }

        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                < ' ' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        sink.WriteUtf8(text.Append('"').ToString());
    }
}
