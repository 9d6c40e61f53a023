using System.Net;
using System.Text.Encodings.Web;

namespace Labelit.Web.Proxy;

/// <summary>
/// LS's own pages (task list, labelling stream) fill the whole window and know nothing of Labelit: a
/// small link at the bottom corner of each page a person opens leads back to the project in Labelit.
/// Only whole HTML pages get it; API answers, scripts and styles pass through untouched.
/// </summary>
public static class BackToLabelit
{
    public const string LinkId = "labelit-back";

    /// <summary>A page the browser navigates to: a GET answered 200 with uncompressed HTML.</summary>
    public static bool Applies(HttpContext context, HttpResponseMessage response) =>
        HttpMethods.IsGet(context.Request.Method)
        && response.StatusCode == HttpStatusCode.OK
        && response.Content.Headers.ContentType?.MediaType == "text/html"
        && response.Content.Headers.ContentEncoding.Count == 0
        && !string.Equals(context.Request.Headers["X-Requested-With"], "XMLHttpRequest", StringComparison.Ordinal);

    /// <summary>The page with the link before its closing body tag (or at its end when it has none).</summary>
    public static string Insert(string html, string projectUrl)
    {
        var link = $"""<a id="{LinkId}" href="{HtmlEncoder.Default.Encode(projectUrl)}" style="position:fixed;left:8px;bottom:8px;z-index:2147483647;padding:4px 10px;border-radius:4px;background:#1f2937;color:#fff;font:12px/1.5 system-ui,sans-serif;text-decoration:none;opacity:.85">&larr; Back to Labelit</a>""";
        var end = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        return end < 0 ? html + link : html.Insert(end, link);
    }
}
