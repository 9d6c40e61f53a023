using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Labelit.ServiceDefaults;

/// <summary>
/// Traces, metrics and logs as Aspire's ServiceDefaults set them up: ASP.NET Core, HttpClient, the
/// runtime, Npgsql (its ActivitySource and Meter, which Aspire.Npgsql enables) and Labelit's own
/// sources, exported over OTLP when the AppHost passes OTEL_EXPORTER_OTLP_ENDPOINT (the dashboard).
/// </summary>
internal static class OpenTelemetryExtensions
{
    private static readonly string[] LabelitSources = ["Labelit.*"];

    public static void AddLabelitTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(LabelitSources))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(LabelitSources)
                // Health probes every few seconds would bury the requests people make.
                .AddAspNetCoreInstrumentation(options => options.Filter = context =>
                    !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments("/alive"))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }
    }
}
