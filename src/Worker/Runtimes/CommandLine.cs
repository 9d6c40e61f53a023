using System.Text;

namespace Labelit.Worker.Runtimes;

/// <summary>Turns a configured command template into arguments, without a shell.</summary>
public static class CommandLine
{
    /// <summary>
    /// Splits on spaces, keeping "double" or 'single' quoted parts together, then replaces
    /// {name} placeholders in each argument (so a replaced value never splits into two).
    /// </summary>
    public static IReadOnlyList<string> Expand(string template, IReadOnlyDictionary<string, string> values)
    {
        var arguments = Split(template);
        if (arguments.Count == 0)
            throw new InvalidOperationException("The instance command is empty: set Instances:Command.");
        return arguments.Select(argument => values.Aggregate(argument,
            (current, pair) => current.Replace("{" + pair.Key + "}", pair.Value, StringComparison.Ordinal))).ToList();
    }

    private static List<string> Split(string template)
    {
        var arguments = new List<string>();
        var current = new StringBuilder();
        var inArgument = false;
        char? quote = null;
        foreach (var c in template)
        {
            if (quote is not null)
            {
                if (c == quote)
                    quote = null;
                else
                    current.Append(c);
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inArgument = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inArgument)
                    arguments.Add(current.ToString());
                current.Clear();
                inArgument = false;
            }
            else
            {
                current.Append(c);
                inArgument = true;
            }
        }
        if (quote is not null)
            throw new InvalidOperationException($"The instance command has an unclosed quote: {template}");
        if (inArgument)
            arguments.Add(current.ToString());
        return arguments;
    }
}
