using System.Text.RegularExpressions;

namespace Labelit.Web.Proxy;

/// <summary>The name and value of the cookies LS sets (attributes such as Path and Expires do not matter here).</summary>
internal static partial class SetCookies
{
    public static Dictionary<string, string> Of(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Select(Parse).Where(c => c.Value.Length > 0).GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.Last().Value)
            : [];

    public static (string Name, string Value) Parse(string header)
    {
        var match = SetCookiePattern().Match(header);
        return match.Success ? (match.Groups[1].Value, match.Groups[2].Value.Trim('"')) : ("", "");
    }

    [GeneratedRegex(@"^\s*([^=;\s]+)=([^;]*)")]
    private static partial Regex SetCookiePattern();
}
