using System.Text.Json.Nodes;

namespace Labelit.Worker.Tests.Backups;

/// <summary>
/// What a person would compare after a restore: each task's data, and each annotation's author
/// (by email: LS ids differ in a new instance), result and whether it was skipped. Ids are left out.
/// </summary>
public sealed record LsSnapshot(IReadOnlyList<string> Tasks, int AnnotationCount)
{
    public static LsSnapshot Read(string rawExport, IReadOnlyDictionary<int, string> emails)
    {
        var export = JsonNode.Parse(rawExport)!.AsArray();
        var tasks = export.Select(task =>
        {
            var annotations = task!["annotations"]!.AsArray().Select(a =>
                $"{Email(a!["completed_by"], emails)} {a["result"]!.ToJsonString()} cancelled={a["was_cancelled"]}")
                .Order(StringComparer.Ordinal);
            return $"{task["data"]!.ToJsonString()} -> [{string.Join("; ", annotations)}]";
        });
        return new LsSnapshot(tasks.Order(StringComparer.Ordinal).ToList(), export.Sum(t => t!["annotations"]!.AsArray().Count));
    }

    private static string Email(JsonNode? completedBy, IReadOnlyDictionary<int, string> emails) =>
        completedBy is JsonValue value && value.TryGetValue<int>(out var id) && emails.TryGetValue(id, out var email) ? email
            : $"unknown author {completedBy?.ToJsonString()}";

    public override string ToString() => string.Join("\n", Tasks);
}
