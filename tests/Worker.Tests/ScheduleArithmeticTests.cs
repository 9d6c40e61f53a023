using Labelit.Worker.Backups;
using Labelit.Worker.Scheduling;

namespace Labelit.Worker.Tests;

public sealed class ScheduleArithmeticTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData(12, "0 */12 * * *")]
    [InlineData(6, "0 */6 * * *")]
    [InlineData(1, "0 */1 * * *")]
    [InlineData(24, "0 0 * * *")]
    [InlineData(48, "0 0 */2 * *")]
    public void Backups_fire_on_hours_counted_from_midnight_UTC(int hours, string cron) =>
        Assert.Equal(cron, BackupSchedule.Cron(hours));

    [Fact]
    public void A_backup_interval_that_does_not_divide_a_day_is_refused_with_the_choices()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => BackupSchedule.Cron(5));
        Assert.Equal("Backups:IntervalHours is 5: it must divide a day (1, 2, 3, 4, 6, 8, 12) or be whole days (24, 48, ...), so that backups fall on the same hours every day.", refused.Message);
    }

    [Theory]
    [InlineData(5, "*/5 * * * *")]
    [InlineData(30, "*/30 * * * *")]
    [InlineData(120, "0 */2 * * *")]
    [InlineData(1440, "0 0 * * *")]
    [InlineData(45, "* * * * *")]   // cron cannot say it: fires every minute, PostgreSQL's due time decides
    [InlineData(90, "* * * * *")]
    public void A_project_interval_becomes_the_cron_that_says_it_or_every_minute(int minutes, string cron) =>
        Assert.Equal(cron, IntervalCron.For(TimeSpan.FromMinutes(minutes), Minute));

    [Theory]
    [InlineData("2026-11-22T07:10:00Z", 720, "2026-11-22T12:00:00Z")]  // cron-exact: its next firing
    [InlineData("2026-11-22T12:00:00Z", 720, "2026-11-23T00:00:00Z")]
    [InlineData("2026-11-22T23:59:00Z", 360, "2026-11-23T00:00:00Z")]
    [InlineData("2026-11-22T01:31:00Z", 15, "2026-11-22T01:45:00Z")]
    [InlineData("2026-11-22T01:31:00Z", 45, "2026-11-22T02:16:00Z")]  // not cron-exact: one interval on
    public void A_new_schedule_first_ticks_on_its_crons_next_firing_or_one_interval_on(string now, int minutes, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected),
            ProjectScheduleSync.FirstTick(TimeSpan.FromMinutes(minutes), Minute, DateTimeOffset.Parse(now)));
}
