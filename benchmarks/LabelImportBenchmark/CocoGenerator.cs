using System.Text.Json;

namespace Labelit.LabelImportBenchmark;

/// <summary>Writes a COCO file of <c>boxes</c> boxes over images of 5 boxes each, streamed to disk, as a detector's output would be.</summary>
internal static class CocoGenerator
{
    public const int BoxesPerImage = 5;

    public static string ImageName(int image) => $"img-{image:D6}.jpg";

    public static void Write(string path, int boxes)
    {
        var images = boxes / BoxesPerImage;
        using var file = File.Create(path);
        using var writer = new Utf8JsonWriter(file);
        writer.WriteStartObject();
        writer.WriteStartArray("images");
        for (var i = 1; i <= images; i++)
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", i);
            writer.WriteString("file_name", "images/" + ImageName(i));
            writer.WriteNumber("width", 1920);
            writer.WriteNumber("height", 1080);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("categories");
        writer.WriteStartObject();
        writer.WriteNumber("id", 1);
        writer.WriteString("name", "Car");
        writer.WriteEndObject();
        writer.WriteStartObject();
        writer.WriteNumber("id", 2);
        writer.WriteString("name", "Person");
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteStartArray("annotations");
        var random = new Random(42);
        for (var a = 0; a < boxes; a++)
        {
            var (w, h) = (random.Next(10, 400), random.Next(10, 300));
            writer.WriteStartObject();
            writer.WriteNumber("id", a + 1);
            writer.WriteNumber("image_id", a / BoxesPerImage + 1);
            writer.WriteNumber("category_id", a % 2 + 1);
            writer.WriteStartArray("bbox");
            writer.WriteNumberValue(random.Next(0, 1920 - w) + 0.5);
            writer.WriteNumberValue(random.Next(0, 1080 - h) + 0.25);
            writer.WriteNumberValue(w);
            writer.WriteNumberValue(h);
            writer.WriteEndArray();
            writer.WriteNumber("area", w * h);
            writer.WriteNumber("iscrowd", 0);
            writer.WriteNumber("score", random.NextDouble());
            writer.WriteEndObject();
            if (a % 10_000 == 0)
                writer.Flush();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
