using System.Text;
using System.Text.RegularExpressions;

namespace Labelit.Export.Tests;

/// <summary>Compares Labelit's output with files LS's own converter wrote for the same fixtures.
/// Fixtures/ls-reference was produced once by label-studio-sdk's Converter (commit 97fcff1,
/// download_resources=False, no LS host) with Debian's Python 3.11 packages; only the COCO
/// "date_created" differs by nature and is blanked on both sides.</summary>
public sealed class LabelStudioReferenceTests
{
    public static TheoryData<string, string> Cases() => new()
    {
        { "image-rectangles", "JSON_MIN" }, { "image-rectangles", "CSV" }, { "image-rectangles", "TSV" },
        { "image-rectangles", "COCO" }, { "image-rectangles", "VOC" }, { "image-rectangles", "YOLO" },
        { "image-shapes", "JSON_MIN" }, { "image-shapes", "CSV" }, { "image-shapes", "COCO" },
        { "image-shapes", "VOC" }, { "image-shapes", "YOLO" },
        { "image-polygons", "JSON_MIN" }, { "image-polygons", "COCO" }, { "image-polygons", "YOLO" },
        { "text-ner", "JSON_MIN" }, { "text-ner", "CSV" }, { "text-ner", "CONLL2003" },
        { "text-classification", "JSON_MIN" }, { "text-classification", "CSV" }, { "text-classification", "TSV" },
        { "multi-key", "JSON_MIN" }, { "multi-key", "CSV" }, { "multi-key", "TSV" },
        { "image-edge-cases", "JSON_MIN" }, { "image-edge-cases", "CSV" }, { "image-edge-cases", "COCO" },
        { "image-edge-cases", "VOC" }, { "image-edge-cases", "YOLO" },
        { "text-ner-edge-cases", "JSON_MIN" }, { "text-ner-edge-cases", "CSV" }, { "text-ner-edge-cases", "CONLL2003" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Output_matches_label_studio_converter(string fixture, string formatName) =>
        AssertMatchesAsync(fixture, formatName, origins: null);

    /// <summary>Provenance goes only into the JSON export and provenance.csv: with it on, LS's own
    /// formats are still LS's, byte for byte.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public Task Output_matches_label_studio_converter_with_provenance_on(string fixture, string formatName) =>
        AssertMatchesAsync(fixture, formatName, Provenance.FixedOrigins.ForImageRectangles());

    private static async Task AssertMatchesAsync(string fixture, string formatName, Labelit.Export.Provenance.ITaskOrigins? origins)
    {
        var format = ExportFormatNames.Parse(formatName);
        var (_, output) = await Fixture.ConvertAsync(fixture, format, origins);
        var referenceDir = Fixture.PathOf(Path.Combine("ls-reference", fixture, formatName));
        var expected = Directory.EnumerateFiles(referenceDir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(referenceDir, f).Replace('\\', '/'), f => Normalize(File.ReadAllText(f)));

        Dictionary<string, string> actual;
        if (ExportFileInfo.For(format).IsZip)
        {
            actual = Fixture.Unzip(output).Where(e => !e.Key.EndsWith('/')).ToDictionary(e => e.Key, e => Normalize(e.Value));
        }
        else
        {
            actual = new Dictionary<string, string> { [expected.Keys.Single()] = Normalize(Encoding.UTF8.GetString(output)) };
        }

        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, content) in expected)
        {
            Assert.Equal(content, actual[name]);
        }
    }

    private static string Normalize(string text) =>
        Regex.Replace(text, "\"date_created\": \"[^\"]*\"", "\"date_created\": \"\"");
}
