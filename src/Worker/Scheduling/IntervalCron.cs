namespace Labelit.Worker.Scheduling;

/// <summary>
/// The cron expression a recurring job fires on for an interval: the interval itself where cron can
/// say it (every 5 or 30 minutes, every 2 or 12 hours, every day), else every unit, the due time kept
/// in PostgreSQL deciding which firing is a tick (a cron cannot say "every 45 minutes").
/// </summary>
public static class IntervalCron
{
    public static string For(TimeSpan interval, TimeSpan unit)
    {
        var seconds = (long)interval.TotalSeconds;
        if (seconds < 60)
            return seconds > 0 && 60 % seconds == 0 ? $"*/{seconds} * * * * *" : "* * * * * *";
        if (seconds % 60 != 0)
            return unit < TimeSpan.FromMinutes(1) ? "* * * * * *" : "* * * * *";
        var minutes = seconds / 60;
        if (minutes < 60)
            return 60 % minutes == 0 ? $"*/{minutes} * * * *" : "* * * * *";
        if (minutes % 60 == 0 && minutes / 60 < 24 && 24 % (minutes / 60) == 0)
            return $"0 */{minutes / 60} * * *";
        if (minutes == 24 * 60)
            return "0 0 * * *";
        return "* * * * *";
    }
}
