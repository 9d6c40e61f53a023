using System.Text;
using System.Text.RegularExpressions;

namespace Labelit.Data.Datasets;

/// <summary>
/// Which storage objects a dataset takes: a glob (<c>*.jpg</c>, <c>cats/**/*.png</c>) or, with the
/// prefix <c>regex:</c>, a regular expression. A glob without a slash matches the file name; one
/// with a slash, or a regex, matches the key below the dataset location.
/// </summary>
public sealed class ObjectFilter
{
    public const string RegexPrefix = "regex:";
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    private readonly Regex? _regex;
    private readonly bool _matchesFileName;

    private ObjectFilter(Regex? regex, bool matchesFileName)
    {
        _regex = regex;
        _matchesFileName = matchesFileName;
    }

    public static readonly ObjectFilter All = new(null, false);

    /// <summary>The filter for <paramref name="text"/> (null or blank: everything), or the reason it is not valid.</summary>
    public static ObjectFilter Parse(string? text, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
            return All;
        text = text.Trim();
        try
        {
            if (text.StartsWith(RegexPrefix, StringComparison.OrdinalIgnoreCase))
                return new ObjectFilter(new Regex(text[RegexPrefix.Length..], RegexOptions.CultureInvariant, MatchTimeout), false);
            return new ObjectFilter(new Regex(GlobToRegex(text), RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, MatchTimeout), !text.Contains('/'));
        }
        catch (ArgumentException e)
        {
            problem = $"\"{text}\" is not a valid filter: {e.Message}";
            return All;
        }
    }

    /// <summary>Whether the object at <paramref name="relativeKey"/> (its key below the dataset location) belongs to the dataset.</summary>
    public bool Matches(string relativeKey)
    {
        if (_regex is null)
            return true;
        var subject = _matchesFileName ? relativeKey[(relativeKey.LastIndexOf('/') + 1)..] : relativeKey;
        try
        {
            return _regex.IsMatch(subject);
        }
        catch (RegexMatchTimeoutException)
        {
            return false; // a pathological pattern skips the object rather than stalling the sync
        }
    }

    // * and ? stay inside one path segment, ** crosses them, {a,b} picks one; the rest is literal.
    private static string GlobToRegex(string glob)
    {
        var pattern = new StringBuilder("^");
        var inBraces = false;
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*' when i + 2 < glob.Length && glob[i + 1] == '*' && glob[i + 2] == '/':
                    pattern.Append("(?:.*/)?");
                    i += 2;
                    break;
                case '*' when i + 1 < glob.Length && glob[i + 1] == '*':
                    pattern.Append(".*");
                    i++;
                    break;
                case '*': pattern.Append("[^/]*"); break;
                case '?': pattern.Append("[^/]"); break;
                case '{': inBraces = true; pattern.Append("(?:"); break;
                case '}' when inBraces: inBraces = false; pattern.Append(')'); break;
                case ',' when inBraces: pattern.Append('|'); break;
                default: pattern.Append(Regex.Escape(c.ToString())); break;
            }
        }
        if (inBraces)
            throw new ArgumentException("a { has no matching }.");
        return pattern.Append('$').ToString();
    }
}
