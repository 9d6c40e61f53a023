using System.Diagnostics;
using System.Net;
using Labelit.LabelStudioStandIn.Tests.Support;

namespace Labelit.LabelStudioStandIn.Tests;

public sealed class ReadinessTests
{
    [Fact]
    public async Task Health_is_UP_as_text_html_only_after_the_simulated_migrations()
    {
        var watch = Stopwatch.StartNew();
        await using var standIn = StandInProcess.Launch(Settings.Instance(extra: ("STANDIN_STARTUP_DELAY_MS", "2000")));
        using var client = standIn.CreateClient();

        // During the delay the port refuses connections, as LS does while it migrates.
        await Task.Delay(500);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/health/"));

        await standIn.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(2), $"UP after only {watch.Elapsed}.");
        using var health = await client.GetAsync("/health/");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("text/html", health.Content.Headers.ContentType?.MediaType);
        Assert.Equal("UP", (await health.ReadJsonAsync())["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Version_answers_and_a_missing_trailing_slash_is_served_without_a_redirect_like_LS()
    {
        await using var standIn = await StandInProcess.StartAsync(Settings.Instance());
        using var client = standIn.CreateClient();

        using var version = await client.GetAsync("/api/version/");
        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
        Assert.StartsWith("1.", (await version.ReadJsonAsync())["release"]!.GetValue<string>());

        // LS's CommonMiddlewareAppendSlashWithoutRedirect answers /x as /x/ (its frontends drop the slash).
        using var noSlash = await client.GetAsync("/api/version");
        Assert.Equal(HttpStatusCode.OK, noSlash.StatusCode);
        Assert.StartsWith("1.", (await noSlash.ReadJsonAsync())["release"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("LABEL_STUDIO_USERNAME", "not-an-email", "must be an email")]
    [InlineData("LABEL_STUDIO_USER_TOKEN", "short", "6 to 40 characters")]
    public async Task Start_refuses_bad_settings_with_a_clear_message(string name, string value, string message)
    {
        await using var standIn = StandInProcess.Launch(Settings.Instance(extra: (name, value)));

        var exitCode = await standIn.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, await standIn.ReadStandardErrorAsync());
    }
}
