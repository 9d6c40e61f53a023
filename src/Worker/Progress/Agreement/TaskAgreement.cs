namespace Labelit.Worker.Progress.Agreement;

/// <summary>Agreement of two LS authors on one task (<see cref="LsUserA"/> &lt; <see cref="LsUserB"/>).</summary>
public sealed record AuthorPairAgreement(int TaskId, int LsUserA, int LsUserB, PairAgreement Agreement);

public static class TaskAgreement
{
    /// <summary>
    /// Every pair of people who labelled the task, each with their latest annotation that was not
    /// skipped (a person who labelled a task twice is compared by what they settled on). Annotations
    /// with no known author (none in LS's own data) are left out.
    /// </summary>
    public static IEnumerable<AuthorPairAgreement> Of(ChangedTask task)
    {
        var latest = task.Annotations
            .Where(a => !a.WasCancelled && a.LsUserId is not null)
            .GroupBy(a => a.LsUserId!.Value)
            .Select(g => g.MaxBy(a => (a.UpdatedAt, a.Id))!)
            .OrderBy(a => a.LsUserId)
            .ToList();
        for (var i = 0; i < latest.Count; i++)
            for (var j = i + 1; j < latest.Count; j++)
                yield return new AuthorPairAgreement(task.Id, latest[i].LsUserId!.Value, latest[j].LsUserId!.Value,
                    PairAgreement.Of(latest[i].Marks, latest[j].Marks));
    }
}
