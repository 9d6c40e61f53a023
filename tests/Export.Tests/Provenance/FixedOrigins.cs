using System.Text.Json;
using Labelit.Export.Provenance;

namespace Labelit.Export.Tests.Provenance;

/// <summary>Origins by task id, as the Worker would read them from the dataset sync's records.</summary>
internal sealed class FixedOrigins(Dictionary<long, TaskOrigin> byTask) : ITaskOrigins
{
    public static readonly DateTimeOffset Changed = new(2026, 11, 1, 10, 30, 0, TimeSpan.Zero);

    /// <summary>cat.jpg (task 1, labelled at 10:05) was replaced at 10:30; skipped.jpg (task 3) never changed; task 2 has no origin.</summary>
    public static FixedOrigins ForImageRectangles() => new(new()
    {
        [1] = new TaskOrigin("s3://photos/cat.jpg", 4, [new StorageVersion("\"v1\"", null), new StorageVersion("\"v2\"", Changed)]),
        [3] = new TaskOrigin("s3://photos/skipped.jpg", 4, [new StorageVersion("\"s1\"", null)]),
    });

    public ValueTask<TaskOrigin?> FindAsync(JsonElement task, CancellationToken cancellationToken) =>
        ValueTask.FromResult(task.TryGetProperty("id", out var id) && id.TryGetInt64(out var taskId) ? byTask.GetValueOrDefault(taskId) : null);
}
