using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Labelit.Web.Progress;

/// <summary>
/// Charts drawn on the server as inline SVG: no script library and nothing fetched from elsewhere, and a
/// <c>&lt;title&gt;</c> on every bar and point is the tooltip a browser shows on hover.
/// </summary>
public static class SvgCharts
{
    private const int Height = 160;
    private const int Top = 10;
    private const int Bottom = 24;
    private const int Left = 36;
    private static readonly string[] Palette = ["#2f6fde", "#e07b24", "#2e9e5b", "#b8457c", "#7c5cc4", "#a39b1f", "#1f9fa3", "#c4453a"];

    /// <summary>Tasks labelled per day, one bar per day stacked by person (one segment per person and day).</summary>
    public static IHtmlContent DailyDone(IReadOnlyList<DailyDone> work)
    {
        var days = work.Select(w => w.Day).Distinct().Order().ToList();
        var people = work.Select(w => w.Name).Distinct().Order(StringComparer.OrdinalIgnoreCase).ToList();
        var max = Math.Max(1, work.GroupBy(w => w.Day).Select(g => g.Sum(w => w.Tasks)).DefaultIfEmpty(0).Max());
        var barWidth = 28;
        var width = Left + Math.Max(1, days.Count) * (barWidth + 12) + 12;
        var svg = Open(width, "Tasks labelled per day and annotator");
        Axis(svg, width, max);
        for (var i = 0; i < days.Count; i++)
        {
            var x = Left + 8 + i * (barWidth + 12);
            double y = Height - Bottom;
            foreach (var part in work.Where(w => w.Day == days[i]).OrderBy(w => people.IndexOf(w.Name)))
            {
                var h = Scale(part.Tasks, max);
                y -= h;
                svg.Append(CultureInfo.InvariantCulture, $"""<rect class="bar" x="{x}" y="{y:0.#}" width="{barWidth}" height="{h:0.#}" fill="{Colour(people.IndexOf(part.Name))}">""")
                   .Append(CultureInfo.InvariantCulture, $"<title>{Text(part.Name)}: {part.Tasks} task{(part.Tasks == 1 ? "" : "s")} on {part.Day:yyyy-MM-dd}</title></rect>");
            }
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x + barWidth / 2}" y="{Height - 8}" text-anchor="middle" font-size="10">{days[i]:MM-dd}</text>""");
        }
        svg.Append("</svg>");
        var legend = new StringBuilder("""<ul class="legend">""");
        for (var i = 0; i < people.Count; i++)
            legend.Append(CultureInfo.InvariantCulture, $"""<li><span class="swatch" style="background:{Colour(i)}"></span>{Text(people[i])}</li>""");
        legend.Append("</ul>");
        return new HtmlString(svg.ToString() + legend);
    }

    /// <summary>Tasks left at the end of each day: a line that should reach zero.</summary>
    public static IHtmlContent BurnDown(IReadOnlyList<BurnDownPoint> points, int total)
    {
        var step = 36;
        var width = Left + Math.Max(1, points.Count) * step + 12;
        var max = Math.Max(1, total);
        var svg = Open(width, "Tasks left per day");
        Axis(svg, width, max);
        var coordinates = points.Select((p, i) => (Point: p, X: Left + 14 + i * step, Y: Height - Bottom - Scale(p.Remaining, max))).ToList();
        svg.Append("""<polyline class="burn-down" fill="none" stroke="#2f6fde" stroke-width="2" points=" """)
           .AppendJoin(' ', coordinates.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.X},{c.Y:0.#}")))
           .Append("\"/>");
        foreach (var c in coordinates)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<circle class="point" cx="{c.X}" cy="{c.Y:0.#}" r="4" fill="#2f6fde">""")
               .Append(CultureInfo.InvariantCulture, $"<title>{c.Point.Day:yyyy-MM-dd}: {c.Point.Remaining} task{(c.Point.Remaining == 1 ? "" : "s")} left</title></circle>")
               .Append(CultureInfo.InvariantCulture, $"""<text x="{c.X}" y="{Height - 8}" text-anchor="middle" font-size="10">{c.Point.Day:MM-dd}</text>""");
        }
        return new HtmlString(svg.Append("</svg>").ToString());
    }

    private static StringBuilder Open(int width, string label) => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{Text(label)}" width="{width}" height="{Height}" viewBox="0 0 {width} {Height}">""");

    private static void Axis(StringBuilder svg, int width, int max)
    {
        var baseline = Height - Bottom;
        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" y1="{baseline}" x2="{width - 4}" y2="{baseline}" stroke="#999"/>""")
           .Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" y1="{Top}" x2="{Left}" y2="{baseline}" stroke="#999"/>""")
           .Append(CultureInfo.InvariantCulture, $"""<text x="{Left - 4}" y="{Top + 8}" text-anchor="end" font-size="10">{max}</text>""")
           .Append(CultureInfo.InvariantCulture, $"""<text x="{Left - 4}" y="{baseline}" text-anchor="end" font-size="10">0</text>""");
    }

    private static double Scale(int value, int max) => (double)value / max * (Height - Top - Bottom);

    private static string Colour(int index) => Palette[index % Palette.Length];

    private static string Text(string text) => HtmlEncoder.Default.Encode(text);
}
