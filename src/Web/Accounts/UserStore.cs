using Dapper;
using Npgsql;

namespace Labelit.Web.Accounts;

/// <summary>Users in PostgreSQL. Email uniqueness is case-insensitive (a unique index on lower(email)).</summary>
public sealed class UserStore(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        id, email, display_name AS DisplayName, role, password_hash AS PasswordHash, is_active AS IsActive,
        security_stamp AS SecurityStamp, failed_sign_ins AS FailedSignIns, locked_until AS LockedUntil,
        created_at AS CreatedAt, version
        """;

    public async Task<User?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<User>(
            $"SELECT {Columns} FROM users WHERE lower(email) = lower(@email)", new { email });
    }

    public async Task<User?> FindByIdAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<User>($"SELECT {Columns} FROM users WHERE id = @id", new { id });
    }

    /// <summary>Adds a user; null when the email is taken.</summary>
    public async Task<User?> CreateAsync(User user, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<User>($"""
            INSERT INTO users (email, display_name, role, password_hash, is_active)
            VALUES (@Email, @DisplayName, @Role, @PasswordHash, @IsActive)
            ON CONFLICT DO NOTHING
            RETURNING {Columns}
            """, user);
    }

    public async Task<bool> AnyAdminAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM users WHERE role = 'Admin' AND is_active)");
    }

    /// <summary>Counts a sign-in; after a failure that locked the account, returns until when it is locked.</summary>
    public async Task<DateTimeOffset?> RecordSignInAsync(long id, bool succeeded, int lockoutThreshold, TimeSpan lockoutDuration, DateTimeOffset now)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        if (succeeded)
        {
            await connection.ExecuteAsync("UPDATE users SET failed_sign_ins = 0, locked_until = NULL WHERE id = @id", new { id });
            return null;
        }
        // One statement, so two wrong passwords at the same moment both count.
        return Utc(await connection.QuerySingleOrDefaultAsync<DateTime?>("""
            UPDATE users SET
                failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= @lockoutThreshold THEN 0 ELSE failed_sign_ins + 1 END,
                locked_until    = CASE WHEN failed_sign_ins + 1 >= @lockoutThreshold THEN @lockedUntil ELSE locked_until END
            WHERE id = @id
            RETURNING CASE WHEN locked_until = @lockedUntil THEN locked_until END
            """, new { id, lockoutThreshold, lockedUntil = now + lockoutDuration }));
    }

    /// <summary>Lifts a lockout before it ends; false when the account was not locked at <paramref name="now"/>.</summary>
    public async Task<bool> UnlockAsync(long id, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "UPDATE users SET failed_sign_ins = 0, locked_until = NULL WHERE id = @id AND locked_until > @now", new { id, now }) == 1;
    }

    public async Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<User>($"SELECT {Columns} FROM users ORDER BY lower(display_name)")).ToList();
    }

    /// <summary>
    /// Saves name, role and active flag if nobody changed the user since <paramref name="version"/>.
    /// A new role or a deactivation gets a new security stamp, which ends the user's sessions at once.
    /// </summary>
    public async Task<bool> UpdateAsync(long id, string displayName, string role, bool isActive, int version, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync("""
            UPDATE users SET display_name = @displayName, role = @role, is_active = @isActive,
                security_stamp = CASE WHEN role <> @role OR (is_active AND NOT @isActive) THEN gen_random_uuid() ELSE security_stamp END,
                updated_at = now(), version = version + 1
            WHERE id = @id AND version = @version
            """, new { id, displayName, role, isActive, version }) == 1;
    }

    /// <summary>Sets a new password, unlocks the account and ends its existing sessions.</summary>
    public async Task SetPasswordAsync(long id, string passwordHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync("""
            UPDATE users SET password_hash = @passwordHash, security_stamp = gen_random_uuid(), failed_sign_ins = 0,
                locked_until = NULL, updated_at = now(), version = version + 1
            WHERE id = @id
            """, new { id, passwordHash });
    }

    // Npgsql reads timestamptz as a UTC DateTime, which Dapper does not turn into a DateTimeOffset on its own.
    private static DateTimeOffset? Utc(DateTime? at) => at is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;
}
