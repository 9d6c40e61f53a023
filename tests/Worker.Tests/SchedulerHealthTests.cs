using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using StackExchange.Redis;
using Labelit.Worker.Tests.Support;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests;

/// <summary>The Worker's /health says whether its job server runs, and which schedules Hangfire no longer fires.</summary>
public sealed partial class SchedulerHealthTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Health_shows_the_scheduler_running_and_names_a_schedule_in_error_as_degraded()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var worker = labelit.StartWorker();
        await labelit.WaitUntilAsync(() => Task.FromResult(ListeningOn().IsMatch(worker.Output)), TimeSpan.FromSeconds(60), "the Worker listens");
        using var http = new HttpClient { BaseAddress = new Uri(ListeningOn().Match(worker.Output).Groups[1].Value) };

        // The scheduler starts once the Worker has started (until then /health says it is not running);
        // the backup schedule is the one every Worker cluster has.
        var scheduler = default(JsonElement);
        await labelit.WaitUntilAsync(async () =>
        {
            var response = await http.GetAsync("/health");
            scheduler = SchedulerCheck(await response.Content.ReadAsStringAsync());
            return response.StatusCode == HttpStatusCode.OK && scheduler.GetProperty("description").GetString()!.Contains("with 1 schedule(s)");
        }, TimeSpan.FromSeconds(60), "the scheduler runs with the backup schedule");
        Assert.Equal("Healthy", scheduler.GetProperty("status").GetString());
        Assert.StartsWith("Running as ", scheduler.GetProperty("description").GetString());

        // A schedule whose job no longer loads (as one stored by a version that had another job type).
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(labelit.Redis.ConnectionString))
        {
            var job = (string)(await redis.GetDatabase().HashGetAsync("labelit:jobs:recurring-job:backup", "Job"))!;
            Assert.Contains("Labelit.Data.Jobs.IBackupJob", job);
            await redis.GetDatabase().HashSetAsync("labelit:jobs:recurring-job:backup", "Job", job.Replace("Labelit.Data.Jobs.IBackupJob", "Labelit.Data.Jobs.IGone"));
        }
        scheduler = await SchedulerCheckAsync(http, HttpStatusCode.OK); // degraded still answers 200: the Worker works
        Assert.Equal("Degraded", scheduler.GetProperty("status").GetString());
        Assert.StartsWith("1 schedule(s) in error, no longer fired: backup.", scheduler.GetProperty("description").GetString());

        // Redis gone: the Worker says so, in words, and keeps answering.
        await labelit.Redis.DisposeAsync();
        scheduler = await SchedulerCheckAsync(http, HttpStatusCode.ServiceUnavailable);
        Assert.StartsWith("Redis, which holds the job schedules, does not answer", scheduler.GetProperty("description").GetString());
    }

    private static async Task<JsonElement> SchedulerCheckAsync(HttpClient http, HttpStatusCode expected)
    {
        var response = await http.GetAsync("/health");
        Assert.Equal(expected, response.StatusCode);
        return SchedulerCheck(await response.Content.ReadAsStringAsync());
    }

    private static JsonElement SchedulerCheck(string health) =>
        JsonDocument.Parse(health).RootElement.GetProperty("checks").GetProperty("scheduler").Clone();

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
