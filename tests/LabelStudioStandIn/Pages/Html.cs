using System.Net;

namespace Labelit.LabelStudioStandIn.Pages;

public static class Html
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static IResult Page(string title, string body, int statusCode = StatusCodes.Status200OK) =>
        Results.Text($"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>{E(title)} | Label Studio</title>
            <style>body{"{"}font-family:sans-serif;margin:2em{"}"} .error{"{"}color:#b00{"}"} li{"{"}margin:.3em 0{"}"}</style>
            </head>
            <body>
            {body}
            </body>
            </html>
            """, "text/html; charset=utf-8", statusCode: statusCode);

    /// <summary>Django's 403 page for a failed CSRF check.</summary>
    public static IResult CsrfFailure(string reason) =>
        Page("403 Forbidden", $"<h1>Forbidden (403)</h1><p>CSRF verification failed. Request aborted.</p><p id=\"csrf-reason\">{E(reason)}</p>",
            StatusCodes.Status403Forbidden);

    public static IResult Forbidden() =>
        Page("403 Forbidden", "<h1>403 Forbidden</h1>", StatusCodes.Status403Forbidden);
}
