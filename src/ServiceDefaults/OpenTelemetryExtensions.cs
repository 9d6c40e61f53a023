using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Labelit.ServiceDefaults;

/// <summary>
/// OTLP export of traces, metrics and logs when OTEL_EXPORTER_OTLP_ENDPOINT is set, as Aspire's
/// ServiceDefaults do. OpenTelemetry.Extensions.Hosting is not on our feed, so the providers are
/// built with the SDK's own builders and flushed when the host stops.
/// </summary>
internal static class OpenTelemetryExtensions
{
    // ActivitySources and Meters that ASP.NET Core, HttpClient and Npgsql publish in-box.
    private static readonly string[] Sources = ["Microsoft.AspNetCore", "System.Net.Http", "Npgsql", "Labelit.*"];
    private static readonly string[] Meters =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "Npgsql", "Labelit.*"];

    public static void AddOpenTelemetryExport(this IHostApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return;
        }

        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;
        var resource = ResourceBuilder.CreateDefault().AddService(serviceName);

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.SetResourceBuilder(resource);
            logging.IncludeFormattedMessage = true;
            logging.AddOtlpExporter();
        });

        var tracer = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(Sources)
            .AddOtlpExporter()
            .Build();
        var meter = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(Meters)
            .AddOtlpExporter()
            .Build();
        builder.Services.AddHostedService(_ => new FlushOnStop(tracer, meter));
    }

    /// <summary>Flushes what is buffered when the service stops; nothing else holds the providers.</summary>
    private sealed class FlushOnStop(params IDisposable[] providers) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            foreach (var provider in providers)
            {
                provider.Dispose();
            }
            return Task.CompletedTask;
        }
    }
}
