using System.IO.Compression;
using System.Text;
using Labelit.Export.Config;

namespace Labelit.Export.Tests;

/// <summary>Runs conversions on the files in Fixtures/ and gives back what was written.</summary>
internal static class Fixture
{
    public static readonly DateTimeOffset ExportTime = new(2026, 11, 22, 4, 30, 15, TimeSpan.Zero);

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static LabelConfig Config(string fixture) => LabelConfig.Parse(File.ReadAllText(PathOf(fixture + ".xml")));

    public static async Task<(ExportResult Result, byte[] Output)> ConvertAsync(
        string fixture, ExportFormat format, Labelit.Export.Provenance.ITaskOrigins? origins = null)
    {
        await using var input = File.OpenRead(PathOf(fixture + ".json"));
        return await ConvertAsync(input, Config(fixture), format, origins);
    }

    public static async Task<(ExportResult Result, byte[] Output)> ConvertAsync(
        Stream input, LabelConfig config, ExportFormat format, Labelit.Export.Provenance.ITaskOrigins? origins = null)
    {
        using var output = new MemoryStream();
        var options = new ExportOptions { Clock = new FixedClock(ExportTime), Origins = origins };
        var result = await ExportConverter.ConvertAsync(input, format, config, output, options);
        return (result, output.ToArray());
    }

    public static async Task<string> ConvertToTextAsync(string fixture, ExportFormat format) =>
        Encoding.UTF8.GetString((await ConvertAsync(fixture, format)).Output);

    /// <summary>Every file in a zip output by name (folders are listed with an empty value).</summary>
    public static Dictionary<string, string> Unzip(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(
            e => e.FullName,
            e =>
            {
                using var reader = new StreamReader(e.Open(), Encoding.UTF8);
                return reader.ReadToEnd();
            });
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}
