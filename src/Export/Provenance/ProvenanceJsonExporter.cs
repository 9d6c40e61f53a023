using System.Runtime.InteropServices;
using System.Text.Json;
using Labelit.Export.Formats;
using Labelit.Export.Input;
using Labelit.Export.Items;
using Labelit.Export.Output;

namespace Labelit.Export.Provenance;

/// <summary>JSON with provenance: LS's raw task list with a "labelit_provenance" field added at the
/// end of each task. Everything else is LS's bytes: each task is copied as it came, and tasks are
/// joined as LS's own encoder joins them ("[", ", ", "]"), so the file is LS's export plus one field.</summary>
internal static class ProvenanceJsonExporter
{
    public static async Task<ExportCounts> RunAsync(Stream input, Stream output, ITaskOrigins origins, CancellationToken cancellationToken)
    {
        var counts = new ExportCounts();
        using var sink = new ByteSink();
        sink.Write("["u8);
        await foreach (var task in TaskStreamReader.ReadTasksAsync(input, cancellationToken))
        {
            if (counts.Tasks > 0)
                sink.Write(", "u8);
            counts.Tasks++;
            counts.Annotations += AnnotationCounter.CountKept(task);
            var origin = await origins.FindAsync(task, cancellationToken);
            var provenance = origin is null ? null : TaskProvenance.Of(task, origin);

            var raw = JsonMarshal.GetRawUtf8Value(task);
            var closing = raw.LastIndexOf((byte)'}');
            sink.Write(raw[..closing]);
            if (HasProperties(task))
                sink.Write(", "u8);
            ProvenanceJson.WriteField(sink, provenance);
            sink.Write(raw[closing..]);
            await sink.FlushIfFullAsync(output, cancellationToken);
        }

        sink.Write("]"u8);
        await sink.FlushAsync(output, cancellationToken);
        return counts;
    }

    private static bool HasProperties(JsonElement task)
    {
        using var properties = task.EnumerateObject();
        return properties.MoveNext();
    }
}
