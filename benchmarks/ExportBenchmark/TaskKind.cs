namespace Labelit.ExportBenchmark;

/// <summary>The two project shapes measured: object detection and text classification.</summary>
internal enum TaskKind { ImageRectangles, TextClassification }

internal static class LabelConfigs
{
    public const string ImageRectangles = """
        <View>
          <Image name="image" value="$image"/>
          <RectangleLabels name="label" toName="image">
            <Label value="Car"/><Label value="Person"/><Label value="Bicycle"/><Label value="Traffic light"/>
          </RectangleLabels>
        </View>
        """;

    public const string TextClassification = """
        <View>
          <Text name="text" value="$text"/>
          <Choices name="sentiment" toName="text" choice="single">
            <Choice value="Positive"/><Choice value="Negative"/><Choice value="Neutral"/>
          </Choices>
        </View>
        """;

    public static string For(TaskKind kind) => kind == TaskKind.ImageRectangles ? ImageRectangles : TextClassification;
}
