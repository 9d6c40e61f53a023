using System.Text.Json.Nodes;
using Labelit.Worker.Progress.Agreement;

namespace Labelit.Worker.Tests.Progress;

/// <summary>What two annotations of one task agree on, read from LS results as its editor saves them.</summary>
public sealed class AgreementTests
{
    [Fact]
    public void The_same_choice_agrees_and_another_choice_does_not()
    {
        Assert.Equal(1, Agreement(Choices("Cat"), Choices("Cat")));
        Assert.Equal(0, Agreement(Choices("Cat"), Choices("Dog")));
        // Several choices: the same set in any order agrees, a different set does not.
        Assert.Equal(1, Agreement(Choices("Cat", "Dog"), Choices("Dog", "Cat")));
        Assert.Equal(0, Agreement(Choices("Cat", "Dog"), Choices("Cat")));
    }

    [Fact]
    public void Text_spans_agree_when_the_span_and_its_labels_are_the_same()
    {
        var first = Result(Span(0, 5, "Person"), Span(10, 16, "Place"));
        Assert.Equal(1, Agreement(first, Result(Span(10, 16, "Place"), Span(0, 5, "Person"))));
        // One of two spans labelled the same: half of the four marks have a counterpart.
        Assert.Equal(0.5, Agreement(first, Result(Span(0, 5, "Person"), Span(10, 16, "Person"))));
        Assert.Equal(0.5, Agreement(first, Result(Span(0, 5, "Person"), Span(11, 16, "Place"))));
    }

    [Fact]
    public void Boxes_match_at_an_overlap_of_half_their_union_or_more_with_the_same_label()
    {
        var box = Result(Box(10, 10, 20, 20, "Car"));
        Assert.Equal(1, Agreement(box, Result(Box(12, 11, 20, 20, "Car")))); // IoU 0.75
        Assert.Equal(0, Agreement(box, Result(Box(12, 11, 20, 20, "Bus")))); // same place, other label
        Assert.Equal(0, Agreement(box, Result(Box(20, 20, 20, 20, "Car")))); // IoU 0.14
        // Each box pairs once: a second box over the same car is a mark the other person did not make.
        Assert.Equal(2.0 / 3, Agreement(box, Result(Box(10, 10, 20, 20, "Car"), Box(11, 10, 20, 20, "Car"))), 6);
    }

    [Fact]
    public void Polygons_are_compared_by_their_area_of_overlap()
    {
        var square = Result(Polygon("Roof", (10, 10), (30, 10), (30, 30), (10, 30)));
        Assert.Equal(1, Agreement(square, Result(Polygon("Roof", (11, 10), (31, 11), (30, 31), (10, 29)))));
        // A triangle over half of the square: IoU 0.5 exactly still matches; a smaller one does not.
        Assert.Equal(1, Agreement(square, Result(Polygon("Roof", (10, 10), (30, 10), (30, 30)))));
        Assert.Equal(0, Agreement(square, Result(Polygon("Roof", (10, 10), (20, 10), (20, 20)))));
        // A polygon drawn across itself (a bow tie) is still compared, not a crash.
        Assert.InRange(Agreement(square, Result(Polygon("Roof", (10, 10), (30, 30), (30, 10), (10, 30)))), 0, 1);
    }

    [Fact]
    public void A_rotated_box_is_compared_as_the_shape_it_covers()
    {
        var upright = Box(40, 40, 20, 20, "Car");
        var turned = Box(40, 40, 20, 20, "Car");
        turned["value"]!["rotation"] = 90; // about its top-left corner: now left of where it was
        Assert.Equal(0, Agreement(Result(upright), Result(turned)));
        Assert.Equal(1, Agreement(Result((JsonObject)turned.DeepClone()), Result((JsonObject)turned.DeepClone())));
    }

    [Fact]
    public void A_choice_made_for_a_region_goes_with_the_region_and_marks_of_nothing_comparable_agree()
    {
        var box = Box(10, 10, 20, 20, "Car");
        var perRegion = (JsonObject)Choices("Red")[0]!.DeepClone();
        perRegion["id"] = box["id"]!.ToString();
        Assert.Equal(1, Agreement(Result(box, perRegion), Result(Box(10, 10, 20, 20, "Car"))));
        Assert.Equal(1, Agreement([], []));
        Assert.Equal(0, Agreement(Choices("Cat"), []));
    }

    private static double Agreement(JsonArray first, JsonArray second) =>
        PairAgreement.Of(MarkReader.Read(first), MarkReader.Read(second)).Agreement;

    private static JsonArray Result(params JsonObject[] items) => new(items.Select(i => (JsonNode)i).ToArray());

    private static JsonArray Choices(params string[] values) => Result(new JsonObject
    {
        ["id"] = Guid.NewGuid().ToString("N")[..10], ["from_name"] = "animal", ["to_name"] = "image", ["type"] = "choices",
        ["value"] = new JsonObject { ["choices"] = new JsonArray(values.Select(v => (JsonNode)v!).ToArray()) },
    });

    private static JsonObject Span(int start, int end, string label) => new()
    {
        ["id"] = Guid.NewGuid().ToString("N")[..10], ["from_name"] = "ner", ["to_name"] = "text", ["type"] = "labels",
        ["value"] = new JsonObject { ["start"] = start, ["end"] = end, ["text"] = "x", ["labels"] = new JsonArray(label) },
    };

    private static JsonObject Box(double x, double y, double width, double height, string label) => new()
    {
        ["id"] = Guid.NewGuid().ToString("N")[..10], ["from_name"] = "box", ["to_name"] = "image", ["type"] = "rectanglelabels",
        ["original_width"] = 800, ["original_height"] = 600,
        ["value"] = new JsonObject
        {
            ["x"] = x, ["y"] = y, ["width"] = width, ["height"] = height, ["rotation"] = 0, ["rectanglelabels"] = new JsonArray(label),
        },
    };

    private static JsonObject Polygon(string label, params (double X, double Y)[] points) => new()
    {
        ["id"] = Guid.NewGuid().ToString("N")[..10], ["from_name"] = "outline", ["to_name"] = "image", ["type"] = "polygonlabels",
        ["value"] = new JsonObject
        {
            ["points"] = new JsonArray(points.Select(p => (JsonNode)new JsonArray(p.X, p.Y)).ToArray()),
            ["polygonlabels"] = new JsonArray(label),
        },
    };
}
