using System.Text.Json;

namespace Labelit.ExportBenchmark;

/// <summary>Writes an LS JSON export with the fields LS 1.2x really exports per task and per
/// annotation, so parsing cost is realistic: image tasks carry two rectangles, text tasks one
/// choice; every tenth task is unannotated.</summary>
internal static class TaskGenerator
{
    private static readonly string[] Labels = ["Car", "Person", "Bicycle", "Traffic light"];
    private static readonly string[] Sentiments = ["Positive", "Negative", "Neutral"];

    public static void Write(string path, TaskKind kind, int count)
    {
        var random = new Random(42);
        using var file = File.Create(path);
        using var json = new Utf8JsonWriter(file);
        json.WriteStartArray();
        for (var id = 1; id <= count; id++)
        {
            json.WriteStartObject();
            json.WriteNumber("id", id);
            json.WriteStartArray("annotations");
            if (id % 10 != 0)
            {
                WriteAnnotation(json, kind, id, random);
            }

            json.WriteEndArray();
            json.WriteNull("file_upload");
            json.WriteStartArray("drafts");
            json.WriteEndArray();
            json.WriteStartArray("predictions");
            json.WriteEndArray();
            json.WriteStartObject("data");
            if (kind == TaskKind.ImageRectangles)
            {
                json.WriteString("image", $"https://storage.example.com/datasets/street/frame-{id:D7}.jpg");
            }
            else
            {
                json.WriteString("text", $"Review {id}: the delivery was {(id % 3 == 0 ? "late" : "on time")} and the product works as described, would buy again.");
            }

            json.WriteEndObject();
            json.WriteStartObject("meta");
            json.WriteEndObject();
            json.WriteString("created_at", "2026-11-01T08:00:00.000000Z");
            json.WriteString("updated_at", "2026-11-02T08:00:00.000000Z");
            json.WriteNumber("inner_id", id);
            json.WriteNumber("total_annotations", id % 10 != 0 ? 1 : 0);
            json.WriteNumber("cancelled_annotations", 0);
            json.WriteNumber("total_predictions", 0);
            json.WriteNumber("comment_count", 0);
            json.WriteNumber("unresolved_comment_count", 0);
            json.WriteNull("last_comment_updated_at");
            json.WriteNumber("project", 7);
            json.WriteNumber("updated_by", 2);
            json.WriteStartArray("comment_authors");
            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteAnnotation(Utf8JsonWriter json, TaskKind kind, int taskId, Random random)
    {
        json.WriteStartObject();
        json.WriteNumber("id", taskId * 2);
        json.WriteNumber("completed_by", 1 + (taskId % 4));
        json.WriteStartArray("result");
        if (kind == TaskKind.ImageRectangles)
        {
            for (var r = 0; r < 2; r++)
            {
                WriteRectangle(json, random);
            }
        }
        else
        {
            json.WriteStartObject();
            json.WriteStartObject("value");
            json.WriteStartArray("choices");
            json.WriteStringValue(Sentiments[random.Next(Sentiments.Length)]);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteString("id", $"c{random.Next():x}");
            json.WriteString("from_name", "sentiment");
            json.WriteString("to_name", "text");
            json.WriteString("type", "choices");
            json.WriteString("origin", "manual");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteBoolean("was_cancelled", false);
        json.WriteBoolean("ground_truth", false);
        json.WriteString("created_at", "2026-11-03T10:00:00.123456Z");
        json.WriteString("updated_at", "2026-11-03T10:01:00.654321Z");
        json.WriteNull("draft_created_at");
        json.WriteNumber("lead_time", Math.Round(random.NextDouble() * 60, 3));
        json.WriteStartObject("prediction");
        json.WriteEndObject();
        json.WriteNumber("result_count", 0);
        json.WriteString("unique_id", Guid.NewGuid().ToString());
        json.WriteNull("import_id");
        json.WriteString("last_action", "submitted");
        json.WriteNumber("task", taskId);
        json.WriteNumber("project", 7);
        json.WriteNumber("updated_by", 1 + (taskId % 4));
        json.WriteNull("parent_prediction");
        json.WriteNull("parent_annotation");
        json.WriteNull("last_created_by");
        json.WriteEndObject();
    }

    private static void WriteRectangle(Utf8JsonWriter json, Random random)
    {
        json.WriteStartObject();
        json.WriteNumber("original_width", 1920);
        json.WriteNumber("original_height", 1080);
        json.WriteNumber("image_rotation", 0);
        json.WriteStartObject("value");
        json.WriteNumber("x", random.NextDouble() * 80);
        json.WriteNumber("y", random.NextDouble() * 80);
        json.WriteNumber("width", 1 + (random.NextDouble() * 19));
        json.WriteNumber("height", 1 + (random.NextDouble() * 19));
        json.WriteNumber("rotation", 0);
        json.WriteStartArray("rectanglelabels");
        json.WriteStringValue(Labels[random.Next(Labels.Length)]);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteString("id", $"r{random.Next():x}");
        json.WriteString("from_name", "label");
        json.WriteString("to_name", "image");
        json.WriteString("type", "rectanglelabels");
        json.WriteString("origin", "manual");
        json.WriteEndObject();
    }
}
