using Dapper;
using Labelit.Web.Accounts;
using Npgsql;

namespace Labelit.Web.Tokens;

public sealed class ApiTokenStore(NpgsqlDataSource dataSource)
{
    public const int NameMaximumLength = 100;

    /// <summary>Creates a token and returns its only plaintext copy, which the caller shows once.</summary>
    public async Task<(ApiToken Token, string Plaintext)> CreateAsync(long userId, string name, CancellationToken cancellationToken = default)
    {
        var plaintext = ApiTokenFormat.New();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var token = await connection.QuerySingleAsync<ApiToken>("""
            INSERT INTO api_tokens (user_id, name, token_hash) VALUES (@userId, @name, @hash)
            RETURNING id, user_id AS UserId, name, created_at AS CreatedAt, last_used_at AS LastUsedAt, revoked_at AS RevokedAt
            """, new { userId, name, hash = ApiTokenFormat.Hash(plaintext) });
        return (token, plaintext);
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<ApiToken>("""
            SELECT id, user_id AS UserId, name, created_at AS CreatedAt, last_used_at AS LastUsedAt, revoked_at AS RevokedAt
            FROM api_tokens WHERE user_id = @userId ORDER BY id DESC
            """, new { userId })).ToList();
    }

    /// <summary>Revokes one of the user's own tokens; false when there is no such live token.</summary>
    public async Task<bool> RevokeAsync(long userId, long tokenId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "UPDATE api_tokens SET revoked_at = now() WHERE id = @tokenId AND user_id = @userId AND revoked_at IS NULL",
            new { tokenId, userId }) == 1;
    }

    /// <summary>The active user a live token belongs to, or null. Records its use at most once a minute.</summary>
    public async Task<User?> AuthenticateAsync(string plaintext, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var match = await connection.QuerySingleOrDefaultAsync<(long TokenId, long UserId)>("""
            SELECT t.id, t.user_id FROM api_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = @hash AND t.revoked_at IS NULL AND u.is_active
            """, new { hash = ApiTokenFormat.Hash(plaintext) });
        if (match == default)
        {
            return null;
        }
        await connection.ExecuteAsync(
            "UPDATE api_tokens SET last_used_at = now() WHERE id = @TokenId AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')",
            new { match.TokenId });
        return await new UserStore(dataSource).FindByIdAsync(match.UserId, cancellationToken);
    }
}
