using Labelit.Export.Import;
using Labelit.Worker.LabelStudio;

namespace Labelit.Worker.LabelImports;

/// <summary>What a failed annotation import did to LS: the cause, and in words what became of the annotations it had added.</summary>
public sealed class AnnotationsUndoneException(string outcome, Exception cause) : Exception(cause.Message, cause)
{
    public string Outcome { get; } = outcome;
}

/// <summary>
/// Adds imported annotations to LS task by task (LS has no call that adds annotations to existing
/// tasks in one go). If LS refuses one, or the import stops, the annotations this import added are
/// deleted again, so the project is left as it was.
/// </summary>
public sealed class AllOrNothingAnnotations(LabelStudioLabels labelStudio)
{
    /// <param name="author">The LS user the annotations are credited to (completed_by); null: Labelit's own account, which posts them.</param>
    /// <param name="afterEach">Called with the count written so far (progress, cancel checks); may throw to stop.</param>
    /// <returns>The number of tasks that got an annotation.</returns>
    /// <exception cref="AnnotationsUndoneException">Something failed after at least one annotation was added; they were removed as far as LS allowed.</exception>
    public async Task<int> WriteAsync(LabelStudioTarget target, IReadOnlyDictionary<long, IReadOnlyList<ImportedLabel>> byTask, LabelTarget labels,
        int? author, Func<int, Task> afterEach, CancellationToken cancellationToken)
    {
        var created = new List<int>();
        try
        {
            foreach (var (taskId, taskLabels) in byTask)
            {
                cancellationToken.ThrowIfCancellationRequested();
                created.Add(await labelStudio.CreateAnnotationAsync(target, (int)taskId, writer =>
                {
                    writer.WriteStartObject();
                    writer.WritePropertyName("result");
                    LabelStudioResults.WriteResultArray(writer, taskLabels, labels);
                    writer.WriteNumber("lead_time", 0);
                    if (author is { } completedBy)
                        writer.WriteNumber("completed_by", completedBy);
                    writer.WriteEndObject();
                }, CancellationToken.None));
                await afterEach(created.Count);
            }
        }
        catch (Exception e) when (created.Count > 0)
        {
            throw new AnnotationsUndoneException(await RemoveAsync(target, created), e);
        }

        return created.Count;
    }

    /// <summary>Deletes what this import added; says in words what is left when LS refuses that too.</summary>
    private async Task<string> RemoveAsync(LabelStudioTarget target, List<int> annotationIds)
    {
        var left = new List<int>();
        foreach (var id in annotationIds)
        {
            try
            {
                await labelStudio.DeleteAnnotationAsync(target, id, CancellationToken.None);
            }
            catch (Exception e) when (e is HttpRequestException or LabelStudioRefusedException or TaskCanceledException)
            {
                left.Add(id);
            }
        }

        return left.Count == 0
            ? $"The {annotationIds.Count} annotation{(annotationIds.Count == 1 ? "" : "s")} this import had added were removed again: the project is as it was."
            : $"{annotationIds.Count - left.Count} annotations this import had added were removed again; {left.Count} could not be " +
              $"(Label Studio annotation ids {string.Join(", ", left.Take(20))}{(left.Count > 20 ? ", ..." : "")}): delete them in Label Studio.";
    }
}
