using System.Text;
using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.Serialization;

namespace Labelit.LabelStudioStandIn.Apis;

/// <summary>
/// Turns raw exported tasks into a file. The stand-in writes LS's raw JSON and JSON_MIN;
/// the other LS formats (CSV, COCO, YOLO, ...) are answered with a clear 400.
/// </summary>
public static class ExportFormats
{
    public static readonly string[] Supported = ["JSON", "JSON_MIN"];

    public static IResult File(JsonArray tasks, string exportType, int projectId, DateTimeOffset at)
    {
        var type = exportType.Length == 0 ? "JSON" : exportType.ToUpperInvariant();
        var body = type switch
        {
            "JSON" => tasks.ToJsonString(LsJson.Wire),
            "JSON_MIN" => Minimal(tasks).ToJsonString(LsJson.Wire),
            _ => null,
        };
        if (body is null)
            return LsErrors.Api(StatusCodes.Status400BadRequest,
                $"exportType {exportType} is not supported by the Label Studio stand-in; it writes {string.Join(", ", Supported)}.");
        var name = $"project-{projectId}-at-{at.UtcDateTime:yyyy-MM-dd-HH-mm}-{Guid.NewGuid().ToString("N")[..8]}.json";
        return Results.File(Encoding.UTF8.GetBytes(body), "application/json", name);
    }

    // JSON_MIN: one flat object per annotation: the task's data plus each control's value.
    private static JsonArray Minimal(JsonArray tasks)
    {
        var rows = new JsonArray();
        foreach (var task in tasks.OfType<JsonObject>())
        {
            foreach (var annotation in (task["annotations"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var row = new JsonObject();
                foreach (var (key, value) in task["data"] as JsonObject ?? [])
                    row[key] = value?.DeepClone();
                row["id"] = task["id"]?.DeepClone();
                foreach (var region in (annotation["result"] as JsonArray ?? []).OfType<JsonObject>())
                    if (region["from_name"]?.ToString() is { } fromName)
                        row[fromName] = MinimalValue(region);
                row["annotator"] = annotation["completed_by"]?.DeepClone();
                row["annotation_id"] = annotation["id"]?.DeepClone();
                row["created_at"] = annotation["created_at"]?.DeepClone();
                row["updated_at"] = annotation["updated_at"]?.DeepClone();
                row["lead_time"] = annotation["lead_time"]?.DeepClone();
                rows.Add(row);
            }
        }
        return rows;
    }

    private static JsonNode? MinimalValue(JsonObject region)
    {
        var value = region["value"] as JsonObject;
        if (value?["choices"] is JsonArray { Count: 1 } single)
            return single[0]?.DeepClone();
        return value?["choices"]?.DeepClone() ?? value?["text"]?.DeepClone() ?? value?.DeepClone();
    }
}
