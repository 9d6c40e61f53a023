using System.Text.Json;

namespace Labelit.Export.Input;

/// <summary>Where tasks come from. Each task element is only valid until the next one is read.</summary>
internal interface ITaskSource
{
    IAsyncEnumerable<JsonElement> ReadTasksAsync(CancellationToken cancellationToken);
}

/// <summary>Tasks read from LS's raw JSON export stream, once.</summary>
internal sealed class StreamTaskSource(Stream input) : ITaskSource
{
    public IAsyncEnumerable<JsonElement> ReadTasksAsync(CancellationToken cancellationToken) =>
        TaskStreamReader.ReadTasksAsync(input, cancellationToken);
}

/// <summary>Tasks already in memory (the benchmark's naive baseline); can be read any number of times.</summary>
internal sealed class ElementTaskSource(IEnumerable<JsonElement> tasks) : ITaskSource
{
    public async IAsyncEnumerable<JsonElement> ReadTasksAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var task in tasks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return task;
        }

        await Task.CompletedTask;
    }
}
