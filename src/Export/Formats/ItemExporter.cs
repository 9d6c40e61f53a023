using System.Text.Json;
using Labelit.Export.Config;
using Labelit.Export.Input;
using Labelit.Export.Items;

namespace Labelit.Export.Formats;

/// <summary>The single pass most formats share: read a task, turn it into LS converter rows,
/// let the format write them. Formats override the three steps.</summary>
internal abstract class ItemExporter(LabelConfig config)
{
    protected LabelConfig Config { get; } = config;

    public async Task<ExportCounts> RunAsync(ITaskSource source, Stream output, CancellationToken cancellationToken)
    {
        var counts = new ExportCounts();
        var items = new List<AnnotationItem>();
        try
        {
            await StartAsync(output, cancellationToken);
            await foreach (var task in source.ReadTasksAsync(cancellationToken))
            {
                counts.Tasks++;
                counts.Annotations += ItemBuilder.Build(task, Config, items);
                await WriteTaskAsync(task, items, cancellationToken);
            }

            await FinishAsync(cancellationToken);
            return counts;
        }
        finally
        {
            // Also after a failure or cancellation: temp files must not outlive the export.
            await ReleaseAsync();
        }
    }

    /// <summary>Frees temp files and buffers; safe to call after <see cref="FinishAsync"/>.</summary>
    protected virtual ValueTask ReleaseAsync() => ValueTask.CompletedTask;

    protected abstract ValueTask StartAsync(Stream output, CancellationToken cancellationToken);

    protected abstract ValueTask WriteTaskAsync(JsonElement task, List<AnnotationItem> items, CancellationToken cancellationToken);

    protected abstract ValueTask FinishAsync(CancellationToken cancellationToken);
}
