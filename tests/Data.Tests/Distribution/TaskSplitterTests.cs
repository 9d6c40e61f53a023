using Labelit.Data.Distribution;

namespace Labelit.Data.Tests.Distribution;

public sealed class TaskSplitterTests
{
    private static readonly int[] Tasks = Enumerable.Range(1, 30).ToArray();

    private static Dictionary<long, HashSet<int>> Shares(IEnumerable<TaskAssignment> assignments) =>
        assignments.GroupBy(a => a.UserId).ToDictionary(g => g.Key, g => g.Select(a => a.TaskId).ToHashSet());

    private static List<TaskAssignment> Apply(IReadOnlyCollection<TaskAssignment> current, SplitPlan plan)
    {
        var removed = plan.Removed.ToHashSet();
        return current.Where(c => c.Started || !removed.Contains(c)).Concat(plan.Added).ToList();
    }

    [Fact]
    public void Three_annotators_with_overlap_two_each_get_an_even_share_and_every_task_goes_to_two_different_people()
    {
        var plan = TaskSplitter.Plan(Tasks, [1, 2, 3], 2, []);

        Assert.All(Tasks, t => Assert.Equal(2, plan.Added.Where(a => a.TaskId == t).Select(a => a.UserId).Distinct().Count()));
        Assert.All(Shares(plan.Added).Values, share => Assert.Equal(20, share.Count));
        // Each share is a few runs of neighbouring tasks, so the proxy's filter stays short.
        Assert.All(Shares(plan.Added).Values, share => Assert.InRange(TaskRanges.Of(Tasks, share).Count, 1, 2));
    }

    [Fact]
    public void A_new_annotator_takes_unstarted_tasks_and_started_ones_stay_with_their_annotator()
    {
        var first = TaskSplitter.Plan(Tasks, [1, 2], 1, []).Added;
        var started = first.Where(a => a.UserId == 1).Take(10).Select(a => a with { Started = true }).ToList();
        var current = first.Select(a => started.FirstOrDefault(s => s.TaskId == a.TaskId && s.UserId == a.UserId) is { Started: true } s ? s : a).ToList();

        var plan = TaskSplitter.Plan(Tasks, [1, 2, 3], 1, current);
        var after = Shares(Apply(current, plan));

        Assert.Equal(10, after[3].Count);
        Assert.Equal(10, after[1].Count);
        Assert.All(started, s => Assert.Contains(s.TaskId, after[1]));
        Assert.DoesNotContain(plan.Removed, r => r.Started);
        Assert.Equal(Tasks.Length, after.Values.Sum(s => s.Count));
    }

    [Fact]
    public void An_unassigned_annotator_returns_unstarted_tasks_to_the_others_and_keeps_started_work()
    {
        var first = TaskSplitter.Plan(Tasks, [1, 2, 3], 2, []).Added;
        var current = first.Select((a, i) => a.UserId == 3 && i % 2 == 0 ? a with { Started = true } : a).ToList();
        var keptByLeaver = current.Count(a => a.UserId == 3 && a.Started);

        var plan = TaskSplitter.Plan(Tasks, [1, 2], 2, current);
        var after = Apply(current, plan);

        Assert.Equal(current.Count(a => a.UserId == 3 && !a.Started), plan.Removed.Count(r => r.UserId == 3));
        // Every task is on both remaining annotators (overlap 2 of 2); the leaver's started tasks are not lost.
        Assert.All(Tasks, t => Assert.Equal([1L, 2L], after.Where(a => a.TaskId == t && a.UserId != 3).Select(a => a.UserId).Order()));
        Assert.Equal(keptByLeaver, after.Count(a => a.UserId == 3));
    }

    [Fact]
    public void New_tasks_are_spread_evenly_without_moving_anything()
    {
        var first = TaskSplitter.Plan(Tasks, [1, 2, 3], 2, []).Added;
        var more = Enumerable.Range(1, 45).ToArray();

        var plan = TaskSplitter.Plan(more, [1, 2, 3], 2, first);

        Assert.Empty(plan.Removed);
        Assert.Equal(30, plan.Added.Count);
        Assert.All(Shares(Apply(first, plan)).Values, share => Assert.Equal(30, share.Count));
    }

    [Fact]
    public void An_overlap_above_the_annotators_gives_each_task_to_all_of_them_and_no_task_twice_to_one()
    {
        var plan = TaskSplitter.Plan(Tasks, [1, 2], 3, []);

        Assert.Equal(60, plan.Added.Count);
        Assert.Equal(plan.Added.Count, plan.Added.Distinct().Count());
    }

    [Fact]
    public void With_no_annotator_nothing_is_assigned_and_unstarted_assignments_go_back_to_the_pool()
    {
        var first = TaskSplitter.Plan(Tasks, [1], 1, []).Added;

        var plan = TaskSplitter.Plan(Tasks, [], 1, first);

        Assert.Empty(plan.Added);
        Assert.Equal(first.Count, plan.Removed.Count);
    }

    [Fact]
    public void Ranges_jump_over_ids_no_task_has_but_never_over_another_annotators_task()
    {
        Assert.Equal([new TaskRange(1, 7), new TaskRange(10, 10)], TaskRanges.Of([1, 4, 7, 8, 10], new HashSet<int> { 1, 4, 7, 10 }));
    }
}
