using System.Text.Json;
using Labelit.Export.Items;

namespace Labelit.Export.Formats;

/// <summary>LS's get_annotator: completed_by is a user id, or a user object whose email is used.</summary>
internal static class Annotator
{
    /// <summary>JSON_MIN keeps a numeric id as a number; CSV and VOC write text.</summary>
    public static RecordValue Of(AnnotationItem item, bool keepNumericId, string? missingEmail = null)
    {
        var completedBy = item.AnnotationField("completed_by");
        if (completedBy is not { } value)
        {
            // A task without annotations: LS reads {} and finds no email.
            return missingEmail is null ? RecordValue.Null : RecordValue.OfText(missingEmail);
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                return value.TryGetProperty("email", out var email) ? RecordValue.Of(email)
                    : missingEmail is null ? RecordValue.Null : RecordValue.OfText(missingEmail);
            case JsonValueKind.Number when keepNumericId && value.TryGetInt64(out _):
                return RecordValue.Of(value);
            case JsonValueKind.String:
                return RecordValue.Of(value);
            case JsonValueKind.Null:
                return RecordValue.OfText("None"); // Python's str(None)
            default:
                return RecordValue.OfText(value.GetRawText());
        }
    }
}
