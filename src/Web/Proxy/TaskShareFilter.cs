using System.Text.Json;
using System.Text.RegularExpressions;
using Labelit.Data.Distribution;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Labelit.Web.Proxy;

/// <summary>What the share filter says of one annotator request: refused, or sent with this query string, or as it is.</summary>
public sealed record ShareDecision(string? Refusal = null, QueryString? Query = null, int? AnnotationToCheck = null)
{
    public static readonly ShareDecision Unchanged = new();
}

/// <summary>
/// Keeps an annotator of a project in split mode to their own tasks (src/Data/Distribution/README.md):
/// the task list and the label stream are asked of LS with a Data Manager filter that holds only the
/// annotator's task id ranges, and any request naming another task by id is refused.
/// </summary>
public static partial class TaskShareFilter
{
    public const string NotYours = "This task is not one of yours: the project's tasks are split among its annotators, "
        + "and one you had not started yet may have gone to someone else. Your own tasks are in the project's task list.";

    /// <summary>The parts of the request that need the annotator's share, before any database read.</summary>
    public static bool Concerns(string path) => TaskPath().IsMatch(path) || ListPath().IsMatch(path) || AnnotationPath().IsMatch(path);

    public static async Task<ShareDecision> DecideAsync(DistributionStore store, long projectId, long userId, string method, string path,
        QueryString query, CancellationToken cancellationToken)
    {
        if (!(await store.GetSettingsAsync(projectId, cancellationToken)).IsSplit)
            return ShareDecision.Unchanged;
        if (TaskPath().Match(path) is { Success: true } task)
        {
            // Opening, drafting or submitting a task starts it: no rebalance moves it afterwards.
            var id = int.Parse(task.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var mine = task.Groups["api"].Success
                ? await store.ClaimAsync(projectId, userId, id, cancellationToken)
                : await store.HoldsAsync(projectId, userId, id, cancellationToken);
            return mine ? ShareDecision.Unchanged : new(NotYours);
        }
        if (AnnotationPath().Match(path) is { Success: true } annotation)
            return new(AnnotationToCheck: int.Parse(annotation.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture));
        if (ListPath().IsMatch(path))
            return new(Query: Restrict(query, await store.RangesOfAsync(projectId, userId, cancellationToken)));
        return ShareDecision.Unchanged;
    }

    /// <summary>
    /// The request's query without a tab (LS would take the tab's filters instead of ours) and with a
    /// query of the annotator's ranges (LS's data_manager get_prepare_params reads ?query= first).
    /// </summary>
    public static QueryString Restrict(QueryString query, IReadOnlyList<TaskRange> ranges)
    {
        var kept = QueryHelpers.ParseQuery(query.Value)
            .Where(p => p.Key is not ("view" or "query"))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, StringValues>(p.Key, v)));
        // No task at all: a range no task id falls in (LS's ids start at 1).
        var items = (ranges.Count == 0 ? [new TaskRange(0, 0)] : ranges).Select(r => new
        {
            filter = "filter:tasks:id",
            @operator = "in",
            type = "Number",
            value = new { min = r.First, max = r.Last },
        });
        var filter = JsonSerializer.Serialize(new { filters = new { conjunction = "or", items }, ordering = Array.Empty<string>() });
        return QueryString.Create(kept.Append(new("query", filter)));
    }

    /// <summary>Whether an annotation LS returned (GET /api/annotations/{id}/) belongs to one of the annotator's tasks.</summary>
    public static async Task<bool> IsOnOwnTaskAsync(DistributionStore store, long projectId, long userId, JsonElement annotation, CancellationToken cancellationToken) =>
        annotation.TryGetProperty("task", out var task) && task.ValueKind == JsonValueKind.Number
        && await store.HoldsAsync(projectId, userId, task.GetInt32(), cancellationToken);

    // /api/tasks/{id}/... (the editor) and /tasks/{id}/presign|resolve (media of the task shown).
    [GeneratedRegex(@"^(?:(?<api>/api)/tasks/(?<id>\d+)(?:/.*)?|/tasks/(?<id>\d+)/.*)$")]
    private static partial Regex TaskPath();

    // The Data Manager's task list, and both ways LS serves the label stream's next task.
    [GeneratedRegex(@"^(?:/api/tasks/?|/api/projects/\d+/next/?|/api/dm/actions/?)$")]
    private static partial Regex ListPath();

    [GeneratedRegex(@"^/api/annotations/(?<id>\d+)/?$")]
    private static partial Regex AnnotationPath();
}
