using Labelit.Export.Output;

namespace Labelit.Export.Tests;

/// <summary>YOLO and COCO numbers must read as LS's Python prints them.</summary>
public sealed class PyFloatTests
{
    [Theory]
    [InlineData(80.0, "80.0")]
    [InlineData(0.25, "0.25")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1.05e-05, "1.05e-05")]
    [InlineData(1e16, "1e+16")]
    [InlineData(123456789012345.6, "123456789012345.6")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(-2.5, "-2.5")]
    public void Formats_like_python_repr(double value, string expected) => Assert.Equal(expected, PyFloat.Format(value));
}
