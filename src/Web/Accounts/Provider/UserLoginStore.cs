using Dapper;
using Npgsql;

namespace Labelit.Web.Accounts.Provider;

/// <summary>Which provider account (issuer + subject) belongs to which Labelit user.</summary>
public sealed class UserLoginStore(NpgsqlDataSource dataSource)
{
    public async Task<long?> FindUserIdAsync(string issuer, string subject, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<long?>(
            "SELECT user_id FROM user_logins WHERE issuer = @issuer AND subject = @subject", new { issuer, subject });
    }

    public async Task LinkAsync(string issuer, string subject, long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await LinkAsync(connection, null, issuer, subject, userId);
    }

    public static Task LinkAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string issuer, string subject, long userId) =>
        connection.ExecuteAsync(
            "INSERT INTO user_logins (issuer, subject, user_id) VALUES (@issuer, @subject, @userId) ON CONFLICT DO NOTHING",
            new { issuer, subject, userId }, transaction);
}
