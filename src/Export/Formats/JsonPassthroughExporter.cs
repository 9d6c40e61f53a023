using Labelit.Export.Input;

namespace Labelit.Export.Formats;

/// <summary>JSON: LS's JSON export is its raw task list, so the input is copied unchanged. It is
/// still read task by task on the way through, so a truncated or malformed export fails the
/// export instead of being published, and the counts are real.</summary>
internal static class JsonPassthroughExporter
{
    public static async Task<ExportCounts> RunAsync(Stream input, Stream output, CancellationToken cancellationToken)
    {
        var counts = new ExportCounts();
        var copying = new CopyingReadStream(input, output);
        await foreach (var task in TaskStreamReader.ReadTasksAsync(copying, cancellationToken))
        {
            counts.Tasks++;
            counts.Annotations += Items.AnnotationCounter.CountKept(task);
        }

        return counts;
    }
}
