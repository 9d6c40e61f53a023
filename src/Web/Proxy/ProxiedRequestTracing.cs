using Microsoft.AspNetCore.Http.Features;

namespace Labelit.Web.Proxy;

/// <summary>
/// Which requests through the LS proxy the dashboard gets a trace of. LS's pages send dozens of
/// requests a second through the proxy, and recording each one (a server and a client span, with
/// their attributes) was a measurable share of the proxy's CPU, while under that load the exporter's
/// queue dropped most of them anyway. So the proxy traces at most one request per
/// <see cref="Interval"/> (a person's first one always), and every request whose caller asked for
/// a trace with a sampled W3C traceparent; every other request of Labelit is traced as before.
/// </summary>
public sealed class ProxiedRequestTracing(TimeProvider clock)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private long _lastTracedTicks = long.MinValue;

    /// <summary>For the ASP.NET Core instrumentation's filter: false leaves the request (and what it calls) untraced.</summary>
    public bool ShouldTrace(HttpContext context)
    {
        if (!IsProxied(context.Request.Path)
            || context.Features.Get<IHttpActivityFeature>()?.Activity is { HasRemoteParent: true, Recorded: true })
        {
            return true;
        }
        var now = clock.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastTracedTicks);
        // Of requests arriving together, only the one that moves the mark is traced.
        return (last == long.MinValue || now - last >= Interval.Ticks)
            && Interlocked.CompareExchange(ref _lastTracedTicks, now, last) == last;
    }

    /// <summary>/projects/{slug}/ls and everything under it (routing ignores case, so this does too).</summary>
    public static bool IsProxied(PathString path)
    {
        const string Projects = "/projects/";
        var value = path.Value;
        if (value is null || !value.StartsWith(Projects, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var slugEnd = value.IndexOf('/', Projects.Length);
        if (slugEnd <= Projects.Length)
        {
            return false;
        }
        var rest = value.AsSpan(slugEnd);
        return rest.StartsWith("/ls", StringComparison.OrdinalIgnoreCase) && (rest.Length == 3 || rest[3] == '/');
    }
}
