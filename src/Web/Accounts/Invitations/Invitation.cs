namespace Labelit.Web.Accounts.Invitations;

public enum InvitationState { Pending, Accepted, Revoked, Expired }

/// <summary>An invitation by link. Times are UTC (timestamptz, as Npgsql reads it).</summary>
public sealed record Invitation
{
    public long Id { get; init; }
    public required string Email { get; init; }
    public required string Role { get; init; }
    public long[] ProjectIds { get; init; } = [];
    public long CreatedBy { get; init; }
    public string CreatedByName { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    public DateTime ExpiresAt { get; init; }
    public DateTime? AcceptedAt { get; init; }
    public DateTime? RevokedAt { get; init; }

    public InvitationState StateAt(DateTimeOffset now) =>
        AcceptedAt is not null ? InvitationState.Accepted
        : RevokedAt is not null ? InvitationState.Revoked
        : ExpiresAt <= now.UtcDateTime ? InvitationState.Expired
        : InvitationState.Pending;
}
