using Labelit.Export.Config;

namespace Labelit.Export.Tests;

public sealed class LabelConfigTests
{
    [Theory]
    [InlineData("image-rectangles", "JSON,JSON_MIN,CSV,TSV,COCO,VOC,YOLO")]
    [InlineData("image-polygons", "JSON,JSON_MIN,CSV,TSV,COCO,YOLO")]
    [InlineData("image-shapes", "JSON,JSON_MIN,CSV,TSV,COCO,VOC,YOLO")]
    [InlineData("text-ner", "JSON,JSON_MIN,CSV,TSV,CONLL2003")]
    [InlineData("text-classification", "JSON,JSON_MIN,CSV,TSV")]
    [InlineData("multi-key", "JSON,JSON_MIN,CSV,TSV")]
    public void Allowed_formats_follow_label_studio(string fixture, string expected)
    {
        var xml = File.ReadAllText(Fixture.PathOf(fixture + ".xml"));
        Assert.Equal(expected, string.Join(',', ExportFormats.AllowedFor(xml).Select(f => f.ToLabelStudioName())));
    }

    [Theory]
    // Keypoints need a RectangleLabels tag for their category: LS then offers neither COCO nor YOLO.
    [InlineData("<View><Image name=\"i\" value=\"$i\"/><KeyPointLabels name=\"k\" toName=\"i\"><Label value=\"eye\"/></KeyPointLabels></View>", "JSON,JSON_MIN,CSV,TSV")]
    // Rectangle + Labels counts as rectangles for VOC and COCO.
    [InlineData("<View><Image name=\"i\" value=\"$i\"/><Rectangle name=\"r\" toName=\"i\"/><Labels name=\"l\" toName=\"i\"><Label value=\"a\"/></Labels></View>", "JSON,JSON_MIN,CSV,TSV,COCO,VOC,YOLO")]
    // Two images: only the table formats.
    [InlineData("<View><Image name=\"a\" value=\"$a\"/><Image name=\"b\" value=\"$b\"/><RectangleLabels name=\"r\" toName=\"a,b\"><Label value=\"x\"/></RectangleLabels></View>", "JSON,JSON_MIN,CSV,TSV")]
    // Text given as a URL is not text LS can tokenize.
    [InlineData("<View><Text name=\"t\" value=\"$t\" valueType=\"url\"/><Labels name=\"l\" toName=\"t\"><Label value=\"a\"/></Labels></View>", "JSON,JSON_MIN,CSV,TSV")]
    public void Allowed_formats_for_special_configs(string xml, string expected) =>
        Assert.Equal(expected, string.Join(',', ExportFormats.AllowedFor(xml).Select(f => f.ToLabelStudioName())));

    [Fact]
    public void Config_facts_list_data_keys_controls_and_labels_in_order()
    {
        var config = Fixture.Config("image-edge-cases");

        Assert.Equal(["img"], config.DataKeys);
        Assert.Equal(["objects", "quality"], config.ControlTags.Select(c => c.Name));
        var objects = config.ControlTags[0];
        Assert.Equal("RectangleLabels", objects.Type);
        Assert.Equal(["img"], objects.ToNames);
        Assert.Equal(["Zebra crossing", "Bus", "Ampel & Schild"], objects.Labels.Select(l => l.Value));
        Assert.Equal("7", objects.Labels[0].Attribute("category"));
        Assert.Equal(new ObjectTag("img", "Image", "img", false), config.ObjectTags.Single());
    }

    [Fact]
    public void Label_alias_is_what_annotations_store()
    {
        var config = LabelConfig.Parse("<View><Text name=\"t\" value=\"$t\"/><Choices name=\"c\" toName=\"t\"><View><Choice value=\"Long name\" alias=\"short\"/></View></Choices></View>");
        Assert.Equal(["short"], config.ControlTags[0].Labels.Select(l => l.Value));
    }

    [Fact]
    public void Invalid_xml_names_the_line_and_problem()
    {
        var error = Assert.Throws<LabelConfigException>(() => LabelConfig.Parse("<View>\n  <Image name=\"i\" value=\"$i\">\n</View>"));
        Assert.StartsWith("The label config is not valid XML (line 3, position 3):", error.Message);
    }

    [Fact]
    public void Empty_config_is_rejected()
    {
        var error = Assert.Throws<LabelConfigException>(() => ExportFormats.AllowedFor("  "));
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public async Task Converting_to_a_format_the_config_does_not_allow_is_refused_with_the_allowed_list()
    {
        var error = await Assert.ThrowsAsync<ExportException>(() => Fixture.ConvertAsync("text-ner", ExportFormat.Coco));
        Assert.Equal("The COCO format is not available for this project's label config. Available formats: JSON, JSON_MIN, CSV, TSV, CONLL2003.", error.Message);
    }

    [Theory]
    [InlineData("json_min", ExportFormat.JsonMin)]
    [InlineData("CONLL2003", ExportFormat.Conll2003)]
    [InlineData(" VOC ", ExportFormat.Voc)]
    public void Format_names_parse_like_label_studio(string name, ExportFormat expected) =>
        Assert.Equal(expected, ExportFormatNames.Parse(name));

    [Fact]
    public void Unknown_format_name_lists_the_supported_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => ExportFormatNames.Parse("BRUSH_TO_PNG"));
        Assert.StartsWith("Unknown export format 'BRUSH_TO_PNG'. Supported formats: JSON, JSON_MIN, CSV, TSV, CONLL2003, COCO, VOC, YOLO.", error.Message);
    }
}
