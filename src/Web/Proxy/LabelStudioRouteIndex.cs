namespace Labelit.Web.Proxy;

/// <summary>
/// The route table's rows by the first two literal segments of their path, so a request is matched
/// against the few rows that could match it (a dozen, not all 200: the proxy decides on every request).
/// </summary>
public sealed class LabelStudioRouteIndex
{
    private readonly Dictionary<string, LabelStudioRoute[]> _byTwoSegments;
    private readonly Dictionary<string, LabelStudioRoute[]> _byFirstSegment;
    private readonly LabelStudioRoute[] _anywhere;

    public LabelStudioRouteIndex(IReadOnlyList<LabelStudioRoute> routes)
    {
        var keyed = routes.Select(route => (Route: route, Key: LiteralPrefix(route.Path))).ToList();
        _byTwoSegments = Group(keyed.Where(r => r.Key.Length == 2), r => r.Key[0] + "/" + r.Key[1]);
        _byFirstSegment = Group(keyed.Where(r => r.Key.Length == 1), r => r.Key[0]);
        _anywhere = keyed.Where(r => r.Key.Length == 0).Select(r => r.Route).ToArray();
    }

    /// <summary>Every row that may match the path (each still has to be matched).</summary>
    public IEnumerable<LabelStudioRoute> Candidates(string path)
    {
        var segments = path.Trim('/').Split('/', 3);
        var first = segments[0];
        var two = segments.Length > 1 ? _byTwoSegments.GetValueOrDefault(first + "/" + segments[1]) ?? [] : [];
        return two.Concat(_byFirstSegment.GetValueOrDefault(first) ?? []).Concat(_anywhere);
    }

    /// <summary>Up to the first two segments of the row's path, as far as they are literal ("/static/{path}": "static").</summary>
    private static string[] LiteralPrefix(string path) =>
        path.StartsWith("re:", StringComparison.Ordinal)
            ? []
            : path.Split('?')[0].Trim('/').Split('/').TakeWhile(segment => !segment.Contains('{')).Take(2).ToArray();

    private static Dictionary<string, LabelStudioRoute[]> Group(IEnumerable<(LabelStudioRoute Route, string[] Key)> rows, Func<(LabelStudioRoute Route, string[] Key), string> key) =>
        rows.GroupBy(key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Select(r => r.Route).ToArray(), StringComparer.OrdinalIgnoreCase);
}
