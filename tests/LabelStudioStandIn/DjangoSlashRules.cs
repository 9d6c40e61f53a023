using Labelit.LabelStudioStandIn.Pages;

namespace Labelit.LabelStudioStandIn;

/// <summary>
/// LS's URL habits, which a client of LS must live with: a URL defined with a trailing slash and
/// asked for without one is answered as if it had one, with no redirect (LS's
/// CommonMiddlewareAppendSlashWithoutRedirect; its frontends drop trailing slashes); a URL defined
/// without one does not match with one (404). Unknown URLs get Django's HTML 404.
/// </summary>
public static class DjangoSlashRules
{
    public static IApplicationBuilder UseDjangoSlashRules(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var endpoint = context.GetEndpoint();
            if (endpoint is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync("<!DOCTYPE html><html><body><h1>Not Found</h1>"
                    + "<p>The requested resource was not found on this server.</p></body></html>");
                return;
            }
            if (endpoint is RouteEndpoint route && endpoint.Metadata.GetMetadata<AnySlashAttribute>() is null)
            {
                var path = context.Request.Path.Value ?? "/";
                var wantsSlash = route.RoutePattern.RawText?.EndsWith('/') == true;
                var hasSlash = path.EndsWith('/');
                if (!wantsSlash && hasSlash && path != "/")
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    context.Response.ContentType = "text/html; charset=utf-8";
                    await context.Response.WriteAsync("<!DOCTYPE html><html><body><h1>Not Found</h1></body></html>");
                    return;
                }
            }
            await next(context);
        });
}
