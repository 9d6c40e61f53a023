using Dapper;
using Labelit.Web.Tokens;
using Npgsql;

namespace Labelit.Web.Accounts.Invitations;

public enum AcceptOutcome { Accepted, Invalid, EmailTaken }

/// <summary>Invitations in PostgreSQL. The link's token is kept only as a hash.</summary>
public sealed class InvitationStore(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        i.id, i.email, i.role, i.project_ids AS ProjectIds, i.created_by AS CreatedBy, u.display_name AS CreatedByName,
        i.created_at AS CreatedAt, i.expires_at AS ExpiresAt, i.accepted_at AS AcceptedAt, i.revoked_at AS RevokedAt
        """;

    /// <summary>Returns the invitation and the only plaintext copy of its token, which the caller shows once.</summary>
    public async Task<(Invitation Invitation, string Token)> CreateAsync(
        string email, string role, long[] projectIds, long createdBy, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        var token = ApiTokenFormat.New()[ApiTokenFormat.Prefix.Length..];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO invitations (email, role, project_ids, token_hash, created_by, expires_at)
            VALUES (@email, @role, @projectIds, @hash, @createdBy, @expiresAt) RETURNING id
            """, new { email, role, projectIds, hash = ApiTokenFormat.Hash(token), createdBy, expiresAt });
        return ((await FindAsync(id, cancellationToken))!, token);
    }

    /// <summary>Newest first; only those <paramref name="createdBy"/> made when given.</summary>
    public async Task<IReadOnlyList<Invitation>> ListAsync(long? createdBy, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Invitation>($"""
            SELECT {Columns} FROM invitations i JOIN users u ON u.id = i.created_by
            WHERE @createdBy IS NULL OR i.created_by = @createdBy ORDER BY i.id DESC LIMIT 500
            """, new { createdBy })).ToList();
    }

    public async Task<Invitation?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Invitation>(
            $"SELECT {Columns} FROM invitations i JOIN users u ON u.id = i.created_by WHERE i.id = @id", new { id });
    }

    public async Task<Invitation?> FindByTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Invitation>(
            $"SELECT {Columns} FROM invitations i JOIN users u ON u.id = i.created_by WHERE i.token_hash = @hash",
            new { hash = ApiTokenFormat.Hash(token) });
    }

    /// <summary>False when the invitation was already accepted or revoked.</summary>
    public async Task<bool> RevokeAsync(long id, long revokedBy, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "UPDATE invitations SET revoked_at = now(), revoked_by = @revokedBy WHERE id = @id AND accepted_at IS NULL AND revoked_at IS NULL",
            new { id, revokedBy }) == 1;
    }

    /// <summary>
    /// In one transaction: uses the invitation up (only if still pending at <paramref name="now"/>), creates the
    /// user, links their provider account when given, and assigns them to the invitation's projects not deleted since.
    /// </summary>
    public async Task<(AcceptOutcome Outcome, Invitation? Invitation, long? UserId)> AcceptAsync(
        string token, User user, (string Issuer, string Subject)? login, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Locks the row: of two uses of one link at the same moment, the second waits and then finds it used.
        var invitation = await connection.QuerySingleOrDefaultAsync<Invitation>($"""
            SELECT {Columns} FROM invitations i JOIN users u ON u.id = i.created_by
            WHERE i.token_hash = @hash FOR UPDATE OF i
            """, new { hash = ApiTokenFormat.Hash(token) }, transaction);
        if (invitation is null || invitation.StateAt(now) != InvitationState.Pending)
        {
            return (AcceptOutcome.Invalid, invitation, null);
        }
        var userId = await connection.QuerySingleOrDefaultAsync<long?>("""
            INSERT INTO users (email, display_name, role, password_hash) VALUES (@Email, @DisplayName, @Role, @PasswordHash)
            ON CONFLICT DO NOTHING RETURNING id
            """, user with
            {
                Email = invitation.Email, Role = invitation.Role,
                // A name left empty becomes the email, as when an admin creates a user.
                DisplayName = user.DisplayName.Length == 0 ? invitation.Email : user.DisplayName,
            }, transaction);
        if (userId is null)
        {
            return (AcceptOutcome.EmailTaken, invitation, null);
        }
        if (login is { } provider)
        {
            await Provider.UserLoginStore.LinkAsync(connection, transaction, provider.Issuer, provider.Subject, userId.Value);
        }
        await connection.ExecuteAsync("""
            INSERT INTO project_annotators (project_id, user_id, assigned_by)
            SELECT p.id, @userId, @createdBy FROM projects p WHERE p.id = ANY(@projectIds) AND p.deleted_at IS NULL
            ON CONFLICT DO NOTHING
            """, new { userId, createdBy = invitation.CreatedBy, projectIds = invitation.ProjectIds }, transaction);
        await connection.ExecuteAsync(
            "UPDATE invitations SET accepted_at = now(), accepted_user_id = @userId WHERE id = @id", new { userId, id = invitation.Id }, transaction);
        await transaction.CommitAsync(cancellationToken);
        return (AcceptOutcome.Accepted, invitation, userId);
    }
}
