using System.Text.Json;

namespace Labelit.Export.Items;

internal static class AnnotationCounter
{
    /// <summary>Annotations LS's converter would export: those not cancelled (skipped).</summary>
    public static int CountKept(JsonElement task)
    {
        if (!task.TryGetProperty("annotations", out var annotations) && !task.TryGetProperty("completions", out annotations))
        {
            return 0;
        }

        if (annotations.ValueKind != JsonValueKind.Array)
        {
            return 0;
        }

        var kept = 0;
        foreach (var annotation in annotations.EnumerateArray())
        {
            if (annotation.ValueKind == JsonValueKind.Object
                && !(annotation.TryGetProperty("was_cancelled", out var c) && c.ValueKind == JsonValueKind.True)
                && !(annotation.TryGetProperty("skipped", out var s) && s.ValueKind == JsonValueKind.True))
            {
                kept++;
            }
        }

        return kept;
    }
}
