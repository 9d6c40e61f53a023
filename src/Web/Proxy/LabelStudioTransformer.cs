using System.Net;
using Yarp.ReverseProxy.Forwarder;

namespace Labelit.Web.Proxy;

/// <summary>
/// Rewrites one forwarded request: the browser's cookies and credentials stay out (Labelit's own
/// cookie must never reach LS), the person's server-side LS session goes in, and LS's Set-Cookie
/// headers are kept from the browser (LS sets every cookie at Path=/, so two projects would sign
/// each other out: LS issue #5094).
/// </summary>
internal sealed class LabelStudioTransformer(
    PathString path, LabelStudioSessions sessions, LabelStudioSessions.SessionKey key, LabelStudioSession session, bool mayRetry) : HttpTransformer
{
    private static readonly string[] SafeMethods = ["GET", "HEAD", "OPTIONS"];

    /// <summary>Set when LS no longer knew the session and nothing was sent to the browser, so the caller signs in again and retries.</summary>
    public bool SessionExpired { get; private set; }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        // YARP's own address builder, fed the path as LS knows it (what its path transforms do).
        proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, path, httpContext.Request.QueryString);
        proxyRequest.Headers.Remove("Cookie");
        proxyRequest.Headers.Remove("Authorization");
        proxyRequest.Headers.Remove("X-Api-Key"); // LS takes a token from this header too
        proxyRequest.Headers.TryAddWithoutValidation("Cookie", session.CookieHeader);
        if (!SafeMethods.Contains(httpContext.Request.Method))
        {
            proxyRequest.Headers.Remove("X-CSRFToken");
            proxyRequest.Headers.TryAddWithoutValidation("X-CSRFToken", session.CsrfToken);
        }
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        if (proxyResponse is not null && IsSignedOut(proxyResponse))
        {
            await sessions.ForgetAsync(key, session);
            if (mayRetry)
            {
                SessionExpired = true;
                return false; // nothing copied: the caller retries with a fresh session
            }
        }

        var proceed = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        if (proxyResponse is not null && proxyResponse.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            await sessions.UpdateAsync(key, session, setCookies);
        }
        httpContext.Response.Headers.Remove("Set-Cookie");
        if (proceed && proxyResponse is not null && BackToLabelit.Applies(httpContext, proxyResponse))
        {
            var page = BackToLabelit.Insert(await proxyResponse.Content.ReadAsStringAsync(cancellationToken), $"/projects/{key.ProjectId}");
            httpContext.Response.ContentLength = null;
            await httpContext.Response.WriteAsync(page, cancellationToken);
            return false; // the body is written here
        }
        return proceed;
    }

    /// <summary>LS answers an unknown session with 401 (API) or a redirect to its login page (pages).</summary>
    private static bool IsSignedOut(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Unauthorized
        || (response.StatusCode is HttpStatusCode.Found or HttpStatusCode.MovedPermanently
            && response.Headers.Location?.OriginalString.Contains("/user/login", StringComparison.Ordinal) == true);
}
