namespace Labelit.Data.Distribution;

/// <summary>One annotator's hold on one LS task. Started: opened, drafted or submitted, so never moved.</summary>
public readonly record struct TaskAssignment(int TaskId, long UserId, bool Started);

/// <summary>What a rebalance changes: assignments to add and unstarted ones to drop.</summary>
public sealed record SplitPlan(IReadOnlyList<TaskAssignment> Added, IReadOnlyList<TaskAssignment> Removed);

/// <summary>
/// Splits a project's tasks among its annotators so that each task has <c>overlap</c> of them, every
/// annotator holds as many as the others (one apart at most, started work aside), started
/// assignments never move, and each annotator's tasks are long runs of neighbouring task ids: the
/// proxy hands LS an annotator's share as a few id ranges (see README.md), so scattering them one by
/// one would make that filter as long as the share.
/// </summary>
public static class TaskSplitter
{
    /// <param name="taskIds">Every task of the project.</param>
    /// <param name="annotators">The annotators assigned now.</param>
    /// <param name="current">The assignments stored; those of tasks or annotators gone are dropped unless started.</param>
    public static SplitPlan Plan(IReadOnlyCollection<int> taskIds, IReadOnlyCollection<long> annotators, int overlap, IReadOnlyCollection<TaskAssignment> current)
    {
        var tasks = taskIds.Distinct().Order().ToArray();
        var people = annotators.Distinct().Order().ToArray();
        var copies = Math.Min(overlap, people.Length);
        var known = tasks.ToHashSet();
        var active = people.ToHashSet();

        var removed = new List<TaskAssignment>();
        var holders = new Dictionary<int, HashSet<long>>();
        var unstarted = people.ToDictionary(p => p, _ => new SortedSet<int>());
        var load = people.ToDictionary(p => p, _ => 0);
        foreach (var a in current.OrderByDescending(a => a.Started).ThenBy(a => a.TaskId))
        {
            // Started work stays whatever happens; it counts towards its task's copies while its author is assigned.
            if (!a.Started && (!known.Contains(a.TaskId) || !active.Contains(a.UserId)))
            {
                removed.Add(a);
                continue;
            }
            if (!active.Contains(a.UserId))
                continue;
            var onTask = holders.TryGetValue(a.TaskId, out var set) ? set : holders[a.TaskId] = [];
            if (!a.Started && onTask.Count >= copies)
            {
                removed.Add(a);
                continue;
            }
            onTask.Add(a.UserId);
            load[a.UserId]++;
            if (!a.Started)
                unstarted[a.UserId].Add(a.TaskId);
        }
        if (people.Length == 0)
            return new([], removed);

        var quota = Quotas(people, tasks.Length * copies);
        var added = new List<TaskAssignment>();
        var cursor = 0;
        // Free slots copy by copy, tasks in id order, handed out in contiguous stretches per annotator.
        for (var copy = 0; copy < copies; copy++)
        {
            foreach (var task in tasks)
            {
                var onTask = holders.TryGetValue(task, out var set) ? set : holders[task] = [];
                if (onTask.Count > copy)
                    continue;
                var chosen = Choose(people, ref cursor, onTask, load, quota);
                if (chosen is not { } person)
                    continue;
                onTask.Add(person);
                load[person]++;
                unstarted[person].Add(task);
                added.Add(new(task, person, false));
            }
        }

        // Annotators under their share (one just added) take unstarted tasks from those over it, the
        // donors' highest ids first, so both keep their runs whole.
        foreach (var taker in people.Where(p => load[p] < quota[p]))
        {
            foreach (var donor in people.Where(p => load[p] > quota[p]))
            {
                foreach (var task in unstarted[donor].Reverse().ToList())
                {
                    if (load[taker] >= quota[taker] || load[donor] <= quota[donor])
                        break;
                    if (!holders[task].Add(taker))
                        continue;
                    holders[task].Remove(donor);
                    unstarted[donor].Remove(task);
                    unstarted[taker].Add(task);
                    load[donor]--;
                    load[taker]++;
                    removed.Add(new(task, donor, false));
                    added.Add(new(task, taker, false));
                }
            }
        }
        // A slot given back and handed to the same annotator again is no change.
        var undone = removed.Intersect(added).ToHashSet();
        return new(added.Where(a => !undone.Contains(a)).ToList(), removed.Where(r => !undone.Contains(r)).ToList());
    }

    /// <summary>Even shares of the slots: a whole share each, the first few one more.</summary>
    private static Dictionary<long, int> Quotas(long[] people, int slots) =>
        people.Select((p, i) => (p, share: slots / people.Length + (i < slots % people.Length ? 1 : 0))).ToDictionary(x => x.p, x => x.share);

    /// <summary>
    /// The annotator at the cursor while they have room and do not hold the task; else the next one
    /// who does. When all are at quota (started work pushed some over), the least loaded eligible one.
    /// </summary>
    private static long? Choose(long[] people, ref int cursor, HashSet<long> onTask, Dictionary<long, int> load, Dictionary<long, int> quota)
    {
        for (var step = 0; step < people.Length; step++)
        {
            var person = people[(cursor + step) % people.Length];
            if (load[person] < quota[person] && !onTask.Contains(person))
            {
                // Move the cursor only when its annotator is full, so the next task goes to the same one.
                if (step > 0 && load[people[cursor]] >= quota[people[cursor]])
                    cursor = (cursor + step) % people.Length;
                return person;
            }
        }
        var fallback = people.Where(p => !onTask.Contains(p)).OrderBy(p => load[p]).ThenBy(p => p).ToList();
        return fallback.Count == 0 ? null : fallback[0];
    }
}
