using Labelit.Data.Datasets;

namespace Labelit.Data.Tests;

public sealed class ObjectFilterTests
{
    [Theory]
    [InlineData("*.jpg", "cat.jpg", true)]
    [InlineData("*.jpg", "2024/cat.JPG", true)]          // a glob without a slash looks at the file name
    [InlineData("*.jpg", "cat.png", false)]
    [InlineData("*.{jpg,png}", "a/b/cat.png", true)]
    [InlineData("cats/*.jpg", "cats/tom.jpg", true)]
    [InlineData("cats/*.jpg", "cats/old/tom.jpg", false)] // * stays inside one folder
    [InlineData("cats/**/*.jpg", "cats/old/tom.jpg", true)]
    [InlineData("cats/**/*.jpg", "cats/tom.jpg", true)]
    [InlineData("img-?.png", "img-1.png", true)]
    [InlineData("img-?.png", "img-12.png", false)]
    [InlineData("regex:^day-[0-9]+/", "day-12/x.wav", true)]
    [InlineData("regex:^day-[0-9]+/", "night-1/x.wav", false)]
    [InlineData("", "anything", true)]
    public void Takes_the_objects_the_pattern_names(string pattern, string relativeKey, bool expected)
    {
        var filter = ObjectFilter.Parse(pattern, out var problem);
        Assert.Null(problem);
        Assert.Equal(expected, filter.Matches(relativeKey));
    }

    [Theory]
    [InlineData("regex:([a-z", "is not a valid filter")]
    [InlineData("*.{jpg,png", "has no matching }")]
    public void A_broken_pattern_is_explained(string pattern, string expected)
    {
        ObjectFilter.Parse(pattern, out var problem);
        Assert.Contains(expected, problem);
    }
}
