using System.Text;
using System.Text.Json;

namespace Labelit.Export.Tests;

public sealed class TableFormatTests
{
    [Fact]
    public async Task Json_min_flattens_results_single_choices_unwrapped_multiple_kept_as_list()
    {
        var text = await Fixture.ConvertToTextAsync("text-classification", ExportFormat.JsonMin);
        using var json = JsonDocument.Parse(text);
        var records = json.RootElement.EnumerateArray().ToList();

        // One record per annotation, newest first, plus one for the unannotated task.
        Assert.Equal(3, records.Count);
        var older = records[1];
        Assert.Equal("Positive", older.GetProperty("sentiment").GetString());
        Assert.Equal(["Sport", "Politics"], older.GetProperty("topics").GetProperty("choices").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("ok", older.GetProperty("comment").GetString());
        Assert.Equal(2, older.GetProperty("annotator").GetInt32());
        Assert.Equal("news", older.GetProperty("meta").GetProperty("source").GetString());
        Assert.False(older.TryGetProperty("not_in_config", out _));
        Assert.Equal(50.0, older.GetProperty("agreement").GetDouble());
        Assert.Equal("Negative", records[0].GetProperty("sentiment").GetString());
        Assert.Equal("Квартальный отчёт 📈", records[2].GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, records[2].GetProperty("annotator").ValueKind);
        // Laid out as LS does: records start at the line start, fields indented by two.
        Assert.StartsWith("[\n{\n  \"text\": ", text);
        Assert.Contains("📈", text);
    }

    [Fact]
    public async Task Json_min_keeps_region_lists_with_image_size()
    {
        using var json = JsonDocument.Parse(await Fixture.ConvertToTextAsync("image-rectangles", ExportFormat.JsonMin));
        var regions = json.RootElement[0].GetProperty("label");
        Assert.Equal(2, regions.GetArrayLength());
        Assert.Equal(800, regions[0].GetProperty("original_width").GetInt32());
        Assert.Equal(["Cat"], regions[0].GetProperty("rectanglelabels").EnumerateArray().Select(l => l.GetString()));
        Assert.False(regions[0].TryGetProperty("type", out _));
    }

    [Fact]
    public async Task Csv_has_sorted_columns_quoted_text_bare_numbers_and_json_lists()
    {
        var csv = await Fixture.ConvertToTextAsync("text-classification", ExportFormat.Csv);
        var lines = csv.Split("\r\n");

        Assert.Equal("\"agreement\",\"annotation_id\",\"annotator\",\"comment\",\"created_at\",\"id\",\"lead_time\",\"meta\",\"score\",\"sentiment\",\"text\",\"topics\",\"updated_at\"", lines[0]);
        Assert.Equal(
            "50.0,301,\"2\",\"ok\",\"2026-11-05T09:00:00Z\",30,3.5,\"{\"\"source\"\":\"\"news\"\",\"\"tags\"\":[\"\"a\"\",\"\"b\"\"]}\",0.5,\"Positive\",\"Great match, said the \"\"coach\"\".\",\"{\"\"choices\"\":[\"\"Sport\"\",\"\"Politics\"\"]}\",\"2026-11-05T09:01:00Z\"",
            lines[2]);
        // Missing and null values are empty quoted cells.
        Assert.StartsWith("\"\",\"\",\"\",\"\",\"\",31,", lines[3]);
        Assert.Equal("", lines[^1]);
    }

    [Fact]
    public async Task Tsv_separates_with_tabs_and_is_named_tsv()
    {
        var (result, output) = await Fixture.ConvertAsync("multi-key", ExportFormat.Tsv);
        var lines = Encoding.UTF8.GetString(output).Split("\r\n");
        Assert.Equal("\"annotation_id\"\t\"annotator\"\t\"answer\"\t\"created_at\"\t\"id\"\t\"lead_time\"\t\"question\"\t\"relevant\"\t\"updated_at\"", lines[0]);
        Assert.Equal("401\t\"1\"\t\"Yes, since noon.\"\t\"2026-11-07T09:00:00Z\"\t40\t2\t\"Is it raining?\"\t\"Yes\"\t\"2026-11-07T09:00:00Z\"", lines[1]);
        Assert.Equal(".tsv", result.File.Extension);
    }

    [Fact]
    public async Task Csv_renames_a_data_key_that_collides_with_a_control_tag()
    {
        const string config = "<View><Text name=\"text\" value=\"$text\"/><Choices name=\"text_label\" toName=\"text\"><Choice value=\"a\"/></Choices><Choices name=\"text\" toName=\"text\"><Choice value=\"a\"/></Choices></View>";
        const string tasks = """[{"id": 1, "data": {"text": "hello"}, "annotations": [{"id": 2, "result": [{"from_name": "text", "to_name": "text", "type": "choices", "value": {"choices": ["a"]}}]}]}]""";
        var (_, output) = await Fixture.ConvertAsync(new MemoryStream(Encoding.UTF8.GetBytes(tasks)), Config.LabelConfig.Parse(config), ExportFormat.Csv);
        var lines = Encoding.UTF8.GetString(output).Split("\r\n");
        Assert.Equal("\"_data_text\",\"annotation_id\",\"annotator\",\"created_at\",\"id\",\"lead_time\",\"text\",\"updated_at\"", lines[0]);
        Assert.Equal("\"hello\",2,\"\",\"\",1,\"\",\"a\",\"\"", lines[1]);
    }

    [Fact]
    public async Task Conll_tags_tokens_with_bio_labels()
    {
        var conll = await Fixture.ConvertToTextAsync("text-ner", ExportFormat.Conll2003);
        Assert.StartsWith("-DOCSTART- -X- O\nWe -X- _ O\ngave -X- _ O\nJane -X- _ B-PER\nSmith -X- _ I-PER\n", conll);
        Assert.Contains("Acme -X- _ B-ORG\nCorp -X- _ I-ORG\n. -X- _ O\n\n", conll);
        Assert.EndsWith("Nothing -X- _ O\nhere -X- _ O\n. -X- _ O\n\n", conll);
    }

    [Fact]
    public async Task Json_copies_the_export_unchanged_and_counts_it()
    {
        var original = await File.ReadAllBytesAsync(Fixture.PathOf("text-classification.json"));
        var (result, output) = await Fixture.ConvertAsync("text-classification", ExportFormat.Json);
        Assert.Equal(original, output);
        Assert.Equal((2, 2), (result.Tasks, result.Annotations));
        Assert.Equal("application/json", result.File.ContentType);
    }
}
