using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace Labelit.EndToEnd.Tests;

/// <summary>What the platform shows people who run it: traces in Aspire's dashboard, background jobs in Hangfire's.</summary>
public sealed class PlatformTests(LabelitStack labelit) : IClassFixture<LabelitStack>
{
    [Fact]
    public async Task The_admin_sees_the_workers_schedules_on_the_jobs_dashboard_and_a_manager_is_refused()
    {
        var admin = await labelit.SignedInAsync("admin@example.com");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string page;
        // The Worker puts the backup schedule into Redis once it has started.
        while (!(page = await admin.GetStringAsync("/admin/jobs/recurring")).Contains("IBackupJob.RunAsync", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "The jobs dashboard never listed the backup schedule: " +
                string.Concat(System.Text.RegularExpressions.Regex.Replace(page, "<[^>]+>|\\s+", " ").Take(3000)));
            await Task.Delay(1000);
        }
        Assert.Contains("Labelit background jobs", page);
        Assert.Contains(">backup<", page);

        var manager = await labelit.SignedInAsync("mia@example.com");
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("/admin/jobs")).StatusCode);
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(labelit.Url) };
        var refused = await anonymous.GetAsync("/admin/jobs");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/sign-in", refused.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_persons_first_request_through_the_proxy_is_one_trace_from_web_through_postgres_to_label_studio()
    {
        // A newcomer: their first request signs them in to LS, which reads their LS account from PostgreSQL.
        await labelit.CreateUserAsync("tracy@example.com", "Annotator");
        await labelit.AssignAsync("mia@example.com", await ProjectIdAsync("cars"), "tracy@example.com");
        var tracy = await labelit.SignedInAsync("tracy@example.com");

        // Each attempt starts a trace of its own (W3C traceparent), so the one that got through is known.
        string traceId;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            traceId = ActivityTraceId.CreateRandom().ToHexString();
            using var request = new HttpRequestMessage(HttpMethod.Get, "/projects/cars/ls/api/projects/");
            request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            var response = await tracy.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, $"The proxy kept answering {(int)response.StatusCode}.");
            await Task.Delay(500);
        }

        var trace = await new DashboardTraces(labelit.DashboardUrl).FindTraceAsync("web", span => span.TraceId == traceId && span.Kind == TraceSpan.Server);
        Assert.Contains(trace, span => span is { Service: "web", Kind: TraceSpan.Server } && span.Attributes.GetValueOrDefault("url.path") == "/projects/cars/ls/api/projects/");
        Assert.Contains(trace, span => span is { Service: "web", Scope: "Npgsql" });
        Assert.Contains(trace, span => span is { Service: "web", Kind: TraceSpan.Client } && span.Attributes.GetValueOrDefault("url.full", "").Contains("/api/projects/"));
    }

    private async Task<long> ProjectIdAsync(string slug)
    {
        var projects = await labelit.Api("mia@example.com").GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/projects/");
        return projects.EnumerateArray().First(p => p.GetProperty("slug").GetString() == slug).GetProperty("id").GetInt64();
    }
}
