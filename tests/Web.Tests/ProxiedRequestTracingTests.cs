using System.Diagnostics;
using Labelit.Web.Proxy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Labelit.Web.Tests;

public sealed class ProxiedRequestTracingTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static HttpContext Request(string path, Activity? activity = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        if (activity is not null)
        {
            context.Features.Set<IHttpActivityFeature>(new HttpActivityFeature(activity));
        }
        return context;
    }

    private sealed record HttpActivityFeature(Activity Activity) : IHttpActivityFeature
    {
        public Activity Activity { get; set; } = Activity;
    }

    [Theory]
    [InlineData("/projects/cars/ls", true)]
    [InlineData("/projects/cars/ls/", true)]
    [InlineData("/projects/cars/LS/api/projects/", true)]
    [InlineData("/projects/cars/lsx", false)]
    [InlineData("/projects/cars/tasks", false)]
    [InlineData("/projects//ls/api", false)]
    [InlineData("/projects/12/edit", false)]
    [InlineData("/health", false)]
    public void Only_paths_under_a_projects_ls_prefix_count_as_proxied(string path, bool proxied) =>
        Assert.Equal(proxied, ProxiedRequestTracing.IsProxied(path));

    [Fact]
    public void The_first_proxied_request_is_traced_then_at_most_one_per_interval()
    {
        var clock = new ManualClock();
        var tracing = new ProxiedRequestTracing(clock);

        Assert.True(tracing.ShouldTrace(Request("/projects/cars/ls/api/projects/")));
        Assert.False(tracing.ShouldTrace(Request("/projects/cars/ls/api/version")));
        clock.Now += ProxiedRequestTracing.Interval / 2;
        Assert.False(tracing.ShouldTrace(Request("/projects/cars/ls/api/version")));
        clock.Now += ProxiedRequestTracing.Interval;
        Assert.True(tracing.ShouldTrace(Request("/projects/cars/ls/api/version")));
        Assert.False(tracing.ShouldTrace(Request("/projects/cars/ls/api/version")));
    }

    [Fact]
    public void Labelit_s_own_pages_and_callers_asking_for_a_trace_are_always_traced()
    {
        var tracing = new ProxiedRequestTracing(new ManualClock());
        Assert.True(tracing.ShouldTrace(Request("/projects/cars/ls/")));

        Assert.True(tracing.ShouldTrace(Request("/projects/cars/tasks")));
        Assert.True(tracing.ShouldTrace(Request("/api/v1/projects/")));
        // As ASP.NET Core's hosting creates it from a request's "traceparent: 00-...-01".
        using var source = new ActivitySource("test");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) => options.Parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded)
                ? ActivitySamplingResult.AllDataAndRecorded
                : ActivitySamplingResult.PropagationData,
        };
        ActivitySource.AddActivityListener(listener);
        var sampledParent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        using var asked = source.CreateActivity("request", ActivityKind.Server, sampledParent)!;
        Assert.True(tracing.ShouldTrace(Request("/projects/cars/ls/api/projects/", asked)));
    }
}
