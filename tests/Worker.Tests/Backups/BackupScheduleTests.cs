using Labelit.Worker.Backups;

namespace Labelit.Worker.Tests.Backups;

public sealed class BackupScheduleTests
{
    [Theory]
    [InlineData("2026-11-22T07:10:00Z", 12, "2026-11-22T12:00:00Z")]
    [InlineData("2026-11-22T12:00:00Z", 12, "2026-11-23T00:00:00Z")]
    [InlineData("2026-11-22T23:59:00Z", 6, "2026-11-23T00:00:00Z")]
    [InlineData("2026-11-22T01:30:00Z", 1, "2026-11-22T02:00:00Z")]
    public void Backups_fall_on_fixed_times_counted_from_midnight_UTC(string now, int hours, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected), BackupSchedule.NextTick(DateTimeOffset.Parse(now), TimeSpan.FromHours(hours)));
}
