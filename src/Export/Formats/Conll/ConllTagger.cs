namespace Labelit.Export.Formats.Conll;

/// <summary>A labelled character range of the text (end exclusive), as LS's Labels results store it.</summary>
internal readonly record struct LabelSpan(int Start, int End, string? Label);

/// <summary>BIO tags per token the way LS's create_tokens_and_tags assigns them: a token gets
/// B-/I-&lt;label&gt; when it overlaps the current span, spans are taken in start order and the
/// next one is picked up once a token starts after the current one ends.</summary>
internal static class ConllTagger
{
    public static List<(string Token, string Tag)> Tag(string text, IReadOnlyList<LabelSpan>? spans)
    {
        var tokenSpans = TreebankTokenizer.Spans(text);
        var tagged = new List<(string, string)>(tokenSpans.Count);
        if (spans is null || spans.Count == 0)
        {
            foreach (var (start, end) in tokenSpans)
            {
                tagged.Add((text[start..end], "O"));
            }

            return tagged;
        }

        var pending = new Queue<LabelSpan>(spans.OrderBy(s => s.Start));
        var span = pending.Dequeue();
        var spanEnd = span.End - 1;
        var prefix = "B-";
        foreach (var (tokenStart, end) in tokenSpans)
        {
            var tokenEnd = end - 1;
            if (tokenStart > spanEnd)
            {
                while (pending.Count > 0)
                {
                    span = pending.Dequeue();
                    spanEnd = span.End - 1;
                    prefix = "B-";
                    if (tokenStart <= spanEnd)
                    {
                        break;
                    }
                }
            }

            string tag;
            if (tokenEnd < span.Start || span.Label is null)
            {
                tag = "O";
            }
            else if (span.Start <= tokenEnd && spanEnd >= tokenStart)
            {
                tag = prefix + span.Label;
                prefix = "I-";
            }
            else
            {
                tag = "O";
            }

            tagged.Add((text[tokenStart..end], tag));
        }

        return tagged;
    }
}
