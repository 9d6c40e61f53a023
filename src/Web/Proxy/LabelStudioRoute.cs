using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Labelit.Web.Proxy;

/// <summary>Who may use a Label Studio route: a Labelit role, or nobody.</summary>
public enum RouteAccess { Annotator = 1, Manager = 2, Admin = 3, Closed = 4 }

/// <summary>An object an annotator may touch only when it is their own.</summary>
public enum Ownership { None, Annotation, Draft }

/// <summary>
/// One row of the LS route table (src/Web/Proxy/LabelStudioRoutes.tsv): an LS path, the methods it
/// decides, the lowest role allowed, whether an annotator must own the object, and why.
/// </summary>
public sealed partial record LabelStudioRoute(string Path, IReadOnlySet<string> Methods, RouteAccess Access, Ownership Own, string Versions, string Why)
{
    private readonly Regex _pattern = ToRegex(Path.Split('?')[0]);

    /// <summary>
    /// "?name=value" after the path: the request's query must carry exactly that one value. LS runs
    /// every Data Manager action through one URL, told apart by ?id= (Django reads the last value,
    /// so a second id is not accepted).
    /// </summary>
    private readonly KeyValuePair<string, string>[] _query = Path.Contains('?')
        ? QueryHelpers.ParseQuery(Path[Path.IndexOf('?')..]).Select(q => KeyValuePair.Create(q.Key, q.Value.ToString())).ToArray()
        : [];

    /// <summary>Whether the row depends on the request's query (most do not, so most requests' queries are never parsed).</summary>
    public bool HasQueryConditions => _query.Length > 0;

    /// <summary>How specific the row is: more literal characters (query conditions included) win over broader rows.</summary>
    public int Specificity { get; } = PlaceholderPattern().Replace(Path, "").Length;

    public bool Matches(string method, string path, IReadOnlyDictionary<string, StringValues>? query = null) =>
        Methods.Contains(method) && _pattern.IsMatch(path)
        && _query.All(condition => query?.GetValueOrDefault(condition.Key) is { Count: 1 } values && values[0] == condition.Value);

    /// <summary>The id in the path of the object whose owner must be checked (its first number).</summary>
    public long? OwnedId(string path) =>
        Own == Ownership.None ? null : NumberPattern().Match(path) is { Success: true } match ? long.Parse(match.Value) : null;

    /// <summary>
    /// "{int}" one number, "{str}" one segment, "{path}" the rest; "re:" rows are anchored regexes. A
    /// trailing slash is optional either way: Django redirects to it or answers 404 without it.
    /// </summary>
    private static Regex ToRegex(string path)
    {
        if (path.StartsWith("re:", StringComparison.Ordinal))
            return new Regex(path[3..], RegexOptions.CultureInvariant);
        var regex = new StringBuilder("^");
        foreach (var part in PlaceholderSplit().Split(path.TrimEnd('/')))
        {
            regex.Append(part switch
            {
                "{int}" => @"\d+",
                "{str}" => "[^/]+",
                "{path}" => ".*",
                _ => Regex.Escape(part),
            });
        }
        return new Regex(regex.Append("/?$").ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    [GeneratedRegex(@"\{(int|str|path)\}|^re:.*$")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"(\{int\}|\{str\}|\{path\})")]
    private static partial Regex PlaceholderSplit();

    [GeneratedRegex(@"\d+")]
    private static partial Regex NumberPattern();
}
