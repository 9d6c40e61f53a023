using System.Text.RegularExpressions;

namespace Labelit.Export.Formats.Conll;

/// <summary>Token spans as LS computes them for CoNLL: NLTK's Penn Treebank word tokenizer
/// (with LS's punctuation rules, which also split on '/'), then each token located in the text
/// in order. Reimplemented from the published rules, so tokens and tags line up with LS's.</summary>
internal static partial class TreebankTokenizer
{
    private static readonly (Regex Pattern, string Replacement)[] StartingQuotes =
    [
        (new Regex("^\"", RegexOptions.Compiled), "``"),
        (new Regex("(``)", RegexOptions.Compiled), " $1 "),
        (new Regex("([ (\\[{<])(\"|'{2})", RegexOptions.Compiled), "$1 `` "),
    ];

    private static readonly (Regex Pattern, string Replacement)[] Punctuation =
    [
        (new Regex(@"([:,])([^\d])", RegexOptions.Compiled), " $1 $2"),
        (new Regex(@"([:,])$", RegexOptions.Compiled), " $1 "),
        (new Regex(@"\.\.\.", RegexOptions.Compiled), " ... "),
        (new Regex(@"[;@#$/%&]", RegexOptions.Compiled), " $0 "),
        (new Regex(@"([^\.])(\.)([\]\)}>""']*)\s*$", RegexOptions.Compiled), "$1 $2$3 "),
        (new Regex(@"[?!]", RegexOptions.Compiled), " $0 "),
        (new Regex(@"([^'])' ", RegexOptions.Compiled), "$1 ' "),
    ];

    private static readonly Regex ParensBrackets = new(@"[\]\[\(\)\{\}\<\>]", RegexOptions.Compiled);
    private static readonly Regex DoubleDashes = new("--", RegexOptions.Compiled);

    private static readonly (Regex Pattern, string Replacement)[] EndingQuotes =
    [
        (new Regex("''", RegexOptions.Compiled), " '' "),
        (new Regex("\"", RegexOptions.Compiled), " '' "),
        (new Regex("([^' ])('[sS]|'[mM]|'[dD]|') ", RegexOptions.Compiled), "$1 $2 "),
        (new Regex("([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ", RegexOptions.Compiled), "$1 $2 "),
    ];

    private static readonly Regex[] Contractions =
    [
        new(@"(?i)\b(can)(not)\b", RegexOptions.Compiled),
        new(@"(?i)\b(d)('ye)\b", RegexOptions.Compiled),
        new(@"(?i)\b(gim)(me)\b", RegexOptions.Compiled),
        new(@"(?i)\b(gon)(na)\b", RegexOptions.Compiled),
        new(@"(?i)\b(got)(ta)\b", RegexOptions.Compiled),
        new(@"(?i)\b(lem)(me)\b", RegexOptions.Compiled),
        new(@"(?i)\b(more)('n)\b", RegexOptions.Compiled),
        new(@"(?i)\b(wan)(na)(?=\s)", RegexOptions.Compiled),
        new(@"(?i) ('t)(is)\b", RegexOptions.Compiled),
        new(@"(?i) ('t)(was)\b", RegexOptions.Compiled),
    ];

    private static readonly Regex QuoteMarks = new("``|'{2}|\"", RegexOptions.Compiled);

    /// <summary>(start, end) of every token, end exclusive.</summary>
    public static List<(int Start, int End)> Spans(string text)
    {
        var tokens = Tokenize(text);
        if (text.Contains('"') || text.Contains("''"))
        {
            // The tokenizer rewrites quote marks to `` and ''; put back the marks the text
            // really has so they can be found in it.
            var marks = new Queue<string>(QuoteMarks.Matches(text).Select(m => m.Value));
            for (var i = 0; i < tokens.Count; i++)
            {
                if (tokens[i] is "\"" or "``" or "''" && marks.Count > 0)
                {
                    tokens[i] = marks.Dequeue();
                }
            }
        }

        var spans = new List<(int, int)>(tokens.Count);
        var point = 0;
        foreach (var token in tokens)
        {
            var start = text.IndexOf(token, point, StringComparison.Ordinal);
            if (start < 0)
            {
                continue; // LS fails the whole export here; one lost token is kinder.
            }

            point = start + token.Length;
            spans.Add((start, point));
        }

        return spans;
    }

    private static List<string> Tokenize(string text)
    {
        foreach (var (pattern, replacement) in StartingQuotes)
        {
            text = pattern.Replace(text, replacement);
        }

        foreach (var (pattern, replacement) in Punctuation)
        {
            text = pattern.Replace(text, replacement);
        }

        text = ParensBrackets.Replace(text, " $0 ");
        text = DoubleDashes.Replace(text, " -- ");
        text = " " + text + " ";
        foreach (var (pattern, replacement) in EndingQuotes)
        {
            text = pattern.Replace(text, replacement);
        }

        foreach (var pattern in Contractions)
        {
            text = pattern.Replace(text, " $1 $2 ");
        }

        return text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
