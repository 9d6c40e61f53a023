using Labelit.LabelStudioStandIn.Storage;

namespace Labelit.LabelStudioStandIn.Apis;

/// <summary>LS's sequential labelling stream, shared by GET /api/projects/{id}/next/ and the stream page.</summary>
public static class LabelStream
{
    /// <summary>The first task this user neither annotated nor skipped that still needs annotations.</summary>
    /// <param name="query">The Data Manager's ?query= of the request (LS's get_prepared_queryset narrows the stream to it).</param>
    public static TaskRecord? NextTaskFor(StoredState state, ProjectRecord project, int userId, TaskQuery? query = null) =>
        state.Tasks.Where(t => t.ProjectId == project.Id && (query ?? TaskQuery.All).Matches(t)).OrderBy(t => t.Id).FirstOrDefault(t =>
            !state.Annotations.Any(a => a.TaskId == t.Id && a.CompletedBy == userId)
            && state.Annotations.Count(a => a.TaskId == t.Id && !a.WasCancelled) < project.MaximumAnnotations);
}
