using System.Text;
using Labelit.Export.Config;

namespace Labelit.Export.Tests;

/// <summary>What happens with inputs that are not a well-formed LS export, and with inputs that
/// arrive in small pieces as from a network stream.</summary>
public sealed class InputTests
{
    private static readonly LabelConfig TextConfig = Fixture.Config("text-classification");

    [Theory]
    [InlineData("", "The export is empty: expected a JSON array of tasks.")]
    [InlineData("{\"id\": 1}", "The export must be a JSON array of tasks")]
    [InlineData("[{\"id\": 1, \"data\": {}}, 42]", "Task #2 of the export is a number, not a task object.")]
    [InlineData("[{\"id\": 1, \"data\": {\"text\": \"abc\"", "The export ends inside task #1: the file is truncated.")]
    [InlineData("[{\"id\": 1}", "The export ends before its closing ']': the file is truncated.")]
    [InlineData("[{\"id\": 1,, \"data\": {}}]", "The export is not valid JSON near byte")]
    [InlineData("[] []", "Unexpected data after the closing ']' of the export at byte 3.")]
    public async Task Malformed_input_fails_with_a_clear_message(string input, string expectedStart)
    {
        foreach (var format in new[] { ExportFormat.Json, ExportFormat.JsonMin, ExportFormat.Csv })
        {
            var error = await Assert.ThrowsAsync<ExportException>(
                () => Fixture.ConvertAsync(new MemoryStream(Encoding.UTF8.GetBytes(input)), TextConfig, format));
            Assert.StartsWith(expectedStart, error.Message);
        }
    }

    [Fact]
    public async Task Empty_array_gives_empty_outputs()
    {
        var (result, output) = await Fixture.ConvertAsync(new MemoryStream("[]"u8.ToArray()), TextConfig, ExportFormat.JsonMin);
        Assert.Equal("[\n\n]", Encoding.UTF8.GetString(output));
        Assert.Equal((0, 0), (result.Tasks, result.Annotations));
    }

    [Theory]
    [InlineData(ExportFormat.Json)]
    [InlineData(ExportFormat.JsonMin)]
    [InlineData(ExportFormat.Csv)]
    public async Task Input_arriving_a_few_bytes_at_a_time_converts_the_same(ExportFormat format)
    {
        var bytes = await File.ReadAllBytesAsync(Fixture.PathOf("text-classification.json"));
        var (_, whole) = await Fixture.ConvertAsync(new MemoryStream(bytes), TextConfig, format);
        var (result, trickled) = await Fixture.ConvertAsync(new TrickleStream(bytes), TextConfig, format);
        Assert.Equal(whole, trickled);
        Assert.Equal(2, result.Tasks);
    }

    [Fact]
    public async Task Tasks_larger_than_the_read_buffer_are_read_whole()
    {
        var longText = new string('x', 300_000);
        var json = $$"""[{"id": 1, "data": {"text": "{{longText}}"}, "annotations": []}, {"id": 2, "data": {"text": "b"}, "annotations": []}]""";
        var (result, output) = await Fixture.ConvertAsync(new TrickleStream(Encoding.UTF8.GetBytes(json), 40_000), TextConfig, ExportFormat.JsonMin);
        Assert.Equal(2, result.Tasks);
        Assert.Contains(longText, Encoding.UTF8.GetString(output));
    }

    [Fact]
    public async Task A_byte_order_mark_is_accepted()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat("[{\"id\": 1, \"data\": {\"text\": \"a\"}}]"u8.ToArray()).ToArray();
        var (result, _) = await Fixture.ConvertAsync(new MemoryStream(bytes), TextConfig, ExportFormat.JsonMin);
        Assert.Equal(1, result.Tasks);
    }

    /// <summary>A non-seekable stream that hands out at most a few bytes per read.</summary>
    private sealed class TrickleStream(byte[] data, int maxChunk = 7) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, maxChunk - (_position % 3)), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
