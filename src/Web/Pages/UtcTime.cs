namespace Labelit.Web.Pages;

/// <summary>
/// The one way pages show a moment: UTC, labelled "UTC", so that people in different time zones, the
/// audit log, the Worker's logs and LS's exports all read the same clock.
/// </summary>
public static class UtcTime
{
    public static string Show(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm") + " UTC";

    public static string Show(DateTime at) => Show(AsUtc(at));

    public static string ShowWithSeconds(DateTime at) => AsUtc(at).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss") + " UTC";

    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd");

    // Npgsql reads timestamptz as a UTC DateTime (Kind Utc); one of unknown kind is taken as UTC too.
    private static DateTimeOffset AsUtc(DateTime at) =>
        new(at.Kind == DateTimeKind.Local ? at.ToUniversalTime() : DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
