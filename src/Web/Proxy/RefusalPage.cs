using System.Net;

namespace Labelit.Web.Proxy;

/// <summary>
/// What the proxy answers when it refuses a request: a page with the reason and a way back when a
/// person's browser navigated there, ProblemDetails for LS's own scripts and API clients.
/// </summary>
internal static class RefusalPage
{
    public static async Task WriteAsync(HttpContext context, int status, string detail, string backUrl, string backText)
    {
        if (!StartingPage.AcceptsHtml(context.Request))
        {
            await Results.Problem(statusCode: status, detail: $"{detail} ({context.Request.Method} {context.Request.Path})",
                title: status == 403 ? "Not allowed" : null).ExecuteAsync(context);
            return;
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var title = status switch { 403 => "Not allowed", 404 => "Not found", _ => "Label Studio is unavailable" };
        await context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{title} · Labelit</title>
            <link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/css/site.css"></head>
            <body><main><section class="card narrow" id="refusal">
            <h1>{title}</h1>
            <p id="refusal-reason">{WebUtility.HtmlEncode(detail)}</p>
            <p><a id="refusal-back" href="{WebUtility.HtmlEncode(backUrl)}">{WebUtility.HtmlEncode(backText)}</a></p>
            <details class="muted"><summary>Details</summary>{WebUtility.HtmlEncode($"{context.Request.Method} {context.Request.Path}")} answered {status}.</details>
            </section></main></body></html>
            """);
    }
}
