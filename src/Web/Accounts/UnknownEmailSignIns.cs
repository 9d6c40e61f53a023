using Dapper;
using Npgsql;

namespace Labelit.Web.Accounts;

/// <summary>
/// Failed sign-ins with emails that belong to nobody, locked like a real account's so that the sign-in
/// page's answers (and their timing) do not reveal which emails have an account.
/// </summary>
public sealed class UnknownEmailSignIns(NpgsqlDataSource dataSource)
{
    private static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);

    public async Task<DateTimeOffset?> LockedUntilAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return Utc(await connection.QuerySingleOrDefaultAsync<DateTime?>(
            "SELECT locked_until FROM unknown_email_sign_ins WHERE email_key = lower(@email)", new { email }));
    }

    /// <summary>Counts one failure; returns when the email is locked until if this failure locked it.</summary>
    public async Task<DateTimeOffset?> RecordFailureAsync(string email, int lockoutThreshold, TimeSpan lockoutDuration, DateTimeOffset now)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("DELETE FROM unknown_email_sign_ins WHERE last_failed_at < @oldest", new { oldest = now - KeptFor });
        // Same arithmetic as UserStore.RecordSignInAsync, in one statement so concurrent failures all count.
        return Utc(await connection.QuerySingleAsync<DateTime?>("""
            INSERT INTO unknown_email_sign_ins AS s (email_key, failed_sign_ins, locked_until, last_failed_at)
            VALUES (lower(@email), 1, CASE WHEN 1 >= @lockoutThreshold THEN @lockedUntil END, @now)
            ON CONFLICT (email_key) DO UPDATE SET
                failed_sign_ins = CASE WHEN s.failed_sign_ins + 1 >= @lockoutThreshold THEN 0 ELSE s.failed_sign_ins + 1 END,
                locked_until    = CASE WHEN s.failed_sign_ins + 1 >= @lockoutThreshold THEN @lockedUntil ELSE s.locked_until END,
                last_failed_at  = @now
            RETURNING CASE WHEN s.locked_until = @lockedUntil THEN s.locked_until END
            """, new { email, lockoutThreshold, lockedUntil = now + lockoutDuration, now }));
    }

    // Npgsql reads timestamptz as a UTC DateTime, which Dapper does not turn into a DateTimeOffset on its own.
    private static DateTimeOffset? Utc(DateTime? at) => at is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;
}
