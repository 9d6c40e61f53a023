using NetTopologySuite.Geometries;

namespace Labelit.Worker.Progress.Agreement;

/// <summary>
/// How far two annotations of one task agree: <see cref="Matched"/> of the <see cref="Compared"/> marks
/// both made have a counterpart in the other's (choices and spans equal, boxes and polygons with the same
/// labels at IoU 0.5 or more), so one choice each gives 1 or 0, the percent agreement of the task.
/// Two annotations that mark nothing comparable agree.
/// </summary>
public sealed record PairAgreement(int Compared, int Matched)
{
    public const double MinimumIoU = 0.5;

    public double Agreement => Compared == 0 ? 1 : (double)Matched / Compared;

    public static PairAgreement Of(IReadOnlyList<Mark> first, IReadOnlyList<Mark> second)
    {
        var pairs = ExactPairs(first.OfType<ClassificationMark>(), second.OfType<ClassificationMark>())
                    + ExactPairs(first.OfType<SpanMark>(), second.OfType<SpanMark>())
                    + ShapePairs(first.OfType<ShapeMark>().ToList(), second.OfType<ShapeMark>().ToList());
        return new PairAgreement(first.Count + second.Count, 2 * pairs);
    }

    /// <summary>Marks equal in every part pair off one to one (a span marked twice by one person pairs once).</summary>
    private static int ExactPairs<T>(IEnumerable<T> first, IEnumerable<T> second) where T : Mark
    {
        var counts = first.GroupBy(m => m).ToDictionary(g => g.Key, g => g.Count());
        var pairs = 0;
        foreach (var mark in second)
        {
            if (counts.TryGetValue(mark, out var left) && left > 0)
            {
                counts[mark] = left - 1;
                pairs++;
            }
        }
        return pairs;
    }

    /// <summary>Best overlaps first: each shape pairs with at most one of the other's.</summary>
    private static int ShapePairs(List<ShapeMark> first, List<ShapeMark> second)
    {
        var candidates = new List<(double IoU, int First, int Second)>();
        for (var i = 0; i < first.Count; i++)
            for (var j = 0; j < second.Count; j++)
                if (first[i].Control == second[j].Control && first[i].Labels == second[j].Labels
                    && IoU(first[i].Shape, second[j].Shape) is var iou && iou >= MinimumIoU)
                    candidates.Add((iou, i, j));
        var usedFirst = new HashSet<int>();
        var usedSecond = new HashSet<int>();
        foreach (var (_, i, j) in candidates.OrderByDescending(c => c.IoU))
            if (!usedFirst.Contains(i) && !usedSecond.Contains(j))
            {
                usedFirst.Add(i);
                usedSecond.Add(j);
            }
        return usedFirst.Count;
    }

    /// <summary>Intersection over union of two shapes' areas.</summary>
    public static double IoU(Geometry first, Geometry second)
    {
        if (!first.EnvelopeInternal.Intersects(second.EnvelopeInternal))
            return 0;
        try
        {
            var overlap = first.Intersection(second).Area;
            var union = first.Area + second.Area - overlap;
            return union <= 0 ? 0 : overlap / union;
        }
        catch (TopologyException)
        {
            return 0; // shapes NTS cannot intersect count as not overlapping
        }
    }
}
