namespace Labelit.Web.Storage;

/// <summary>Plugin options as the admin form shows them: one <c>key=value</c> per line.</summary>
public static class StorageOptionsText
{
    public static string Format(IReadOnlyDictionary<string, string> options) =>
        string.Join("\n", options.Select(option => $"{option.Key}={option.Value}"));

    /// <summary>The options, or null with <paramref name="error"/> naming the line that is not key=value.</summary>
    public static Dictionary<string, string>? Parse(string? text, out string error)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            var equalsAt = lines[i].IndexOf('=');
            if (equalsAt <= 0)
            {
                error = $"Option line {i + 1} ('{lines[i]}') must be key=value, e.g. compatibilityMode=true.";
                return null;
            }
            var key = lines[i][..equalsAt].Trim();
            if (!options.TryAdd(key, lines[i][(equalsAt + 1)..].Trim()))
            {
                error = $"Option '{key}' is given twice.";
                return null;
            }
        }
        error = "";
        return options;
    }
}
