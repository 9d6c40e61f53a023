using System.Net;

namespace Labelit.Web.Proxy;

/// <summary>
/// What a person sees while their project's Label Studio starts: a page that reloads itself and so
/// lands where they were going. Scripts calling LS's API get 503 with Retry-After instead.
/// </summary>
internal static class StartingPage
{
    private const int RetrySeconds = 2;

    public static async Task WriteAsync(HttpContext context, string projectName, string message)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetrySeconds.ToString();
        context.Response.Headers.CacheControl = "no-store";
        if (!AcceptsHtml(context.Request))
        {
            await Results.Problem(statusCode: 503, title: "Starting", detail: message).ExecuteAsync(context);
            return;
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="{RetrySeconds}">
            <title>Starting Label Studio · Labelit</title><link rel="stylesheet" href="/css/site.css"></head>
            <body><main><section class="card narrow" id="starting">
            <h1>{WebUtility.HtmlEncode(projectName)}</h1>
            <p>{WebUtility.HtmlEncode(message)}</p>
            <p class="muted">This page reloads by itself and opens as soon as Label Studio is ready.</p>
            </section></main></body></html>
            """);
    }

    /// <summary>A person's browser navigating (not a script calling LS's API).</summary>
    public static bool AcceptsHtml(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
}
