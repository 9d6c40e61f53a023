using System.Net.Http.Json;
using System.Text.Json;

namespace Labelit.EndToEnd.Tests;

/// <summary>One span as the Aspire dashboard's telemetry API gives it (OTLP JSON).</summary>
public sealed record TraceSpan(string Service, string Scope, string Name, int Kind, string TraceId, Dictionary<string, string> Attributes)
{
    public const int Server = 2;
    public const int Client = 3;
}

/// <summary>Reads what Web and the Worker sent the dashboard, as a person would find it in its Traces page.</summary>
public sealed class DashboardTraces(string dashboardUrl)
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(dashboardUrl) };

    /// <summary>The trace of the first span of <paramref name="service"/> matching <paramref name="match"/>, waiting for the export to arrive.</summary>
    public async Task<List<TraceSpan>> FindTraceAsync(string service, Func<TraceSpan, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var spans = await SpansAsync($"/api/telemetry/spans?resource={service}&limit=5000");
            if (spans.FirstOrDefault(match) is { } found)
            {
                // Children may arrive in a later export batch than their root: give them a moment.
                await Task.Delay(TimeSpan.FromSeconds(6));
                return await SpansAsync($"/api/telemetry/traces/{found.TraceId}");
            }
            Assert.True(DateTime.UtcNow < deadline, $"No span of {service} matched in 60 s; it sent: " +
                string.Join(", ", spans.Select(s => s.Name).Distinct().Take(40)));
            await Task.Delay(1000);
        }
    }

    private async Task<List<TraceSpan>> SpansAsync(string path)
    {
        var body = await _http.GetFromJsonAsync<JsonElement>(path);
        var spans = new List<TraceSpan>();
        foreach (var resource in body.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
        {
            var service = Attributes(resource.GetProperty("resource"))["service.name"];
            foreach (var scope in resource.GetProperty("scopeSpans").EnumerateArray())
            {
                var scopeName = scope.GetProperty("scope").GetProperty("name").GetString()!;
                foreach (var span in scope.GetProperty("spans").EnumerateArray())
                {
                    spans.Add(new TraceSpan(service, scopeName, span.GetProperty("name").GetString()!,
                        span.GetProperty("kind").GetInt32(), span.GetProperty("traceId").GetString()!, Attributes(span)));
                }
            }
        }
        return spans;
    }

    /// <summary>The last warnings and errors <paramref name="service"/> logged, with their exceptions: what to read when a test meets a failure it cannot see.</summary>
    public async Task<string> RecentProblemsAsync(string service, int count = 20)
    {
        var body = await _http.GetFromJsonAsync<JsonElement>($"/api/telemetry/logs?resource={service}&limit=2000");
        var lines = new List<string>();
        foreach (var resource in body.GetProperty("data").GetProperty("resourceLogs").EnumerateArray())
        {
            foreach (var scope in resource.GetProperty("scopeLogs").EnumerateArray())
            {
                foreach (var record in scope.GetProperty("logRecords").EnumerateArray())
                {
                    if (record.TryGetProperty("severityNumber", out var severity) && severity.GetInt32() >= 13)
                    {
                        var attributes = Attributes(record);
                        lines.Add($"{record.GetProperty("body").GetProperty("stringValue").GetString()} {attributes.GetValueOrDefault("exception.stacktrace")}");
                    }
                }
            }
        }
        return string.Join('\n', lines.TakeLast(count));
    }

    private static Dictionary<string, string> Attributes(JsonElement element) =>
        element.TryGetProperty("attributes", out var attributes)
            ? attributes.EnumerateArray().ToDictionary(
                a => a.GetProperty("key").GetString()!,
                a => a.GetProperty("value").EnumerateObject().First().Value.ToString())
            : [];
}
