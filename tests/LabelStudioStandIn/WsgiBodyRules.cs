namespace Labelit.LabelStudioStandIn;

/// <summary>
/// How LS's WSGI server reads a request body: only as many bytes as Content-Length says. A body sent
/// with Transfer-Encoding: chunked has no length, so LS reads it as empty (seen on a real LS 1.8.2: a
/// project created with a chunked JSON body got title "" and label config "&lt;View&gt;&lt;/View&gt;").
/// </summary>
public static class WsgiBodyRules
{
    public static IApplicationBuilder UseWsgiBodyRules(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength is null && context.Request.Headers.TransferEncoding.Count > 0)
            {
                context.Request.Body = Stream.Null;
                context.Request.ContentLength = 0;
            }
            await next(context);
        });
}
