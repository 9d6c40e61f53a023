using Labelit.Data.Instances;
using Labelit.Data.LabelStudio;
using OpenTelemetry.Instrumentation.AspNetCore;

namespace Labelit.Web.Proxy;

public static class ProxyExtensions
{
    public static WebApplicationBuilder AddLabelStudioProxy(this WebApplicationBuilder builder)
    {
        builder.AddLabelitInstanceStore();
        builder.Services.AddOptions<ProxyOptions>().BindConfiguration("Proxy");
        builder.Services.AddHttpForwarder();
        // One connection pool to every LS instance; LS sees exactly what the browser sent.
        builder.Services.AddSingleton(new HttpMessageInvoker(LabelStudioConnections.CreateHandler()));
        builder.Services.AddSingleton<InstanceRouteTable>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<InstanceRouteTable>());
        builder.Services.AddSingleton<LabelStudioSignIn>();
        builder.Services.AddSingleton<SharedLabelStudioSessions>();
        builder.Services.AddSingleton<LabelStudioSessions>();
        builder.Services.AddSingleton<LabelStudioProxy>();
        builder.Services.AddSingleton<ProxiedRequestTracing>();
        // After the service defaults' own filter (health probes), which still applies.
        builder.Services.AddOptions<AspNetCoreTraceInstrumentationOptions>().PostConfigure<ProxiedRequestTracing>((options, tracing) =>
        {
            var defaults = options.Filter;
            options.Filter = context => (defaults?.Invoke(context) ?? true) && tracing.ShouldTrace(context);
        });
        return builder;
    }

    public static WebApplication MapLabelStudioProxy(this WebApplication app)
    {
        app.Map(LabelStudioProxy.Prefix + "/{**path}", (HttpContext context, string slug, LabelStudioProxy proxy) =>
                proxy.HandleAsync(context, slug))
            .RequireAuthorization()
            .ExcludeFromDescription();
        return app;
    }
}
