namespace Labelit.Web.Accounts;

public sealed record User
{
    public long Id { get; init; }
    public required string Email { get; init; }
    public required string DisplayName { get; init; }
    public required string Role { get; init; }
    public string PasswordHash { get; init; } = "";
    public bool IsActive { get; init; } = true;
    public Guid SecurityStamp { get; init; }
    public int FailedSignIns { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public int Version { get; init; }

    public bool IsLockedAt(DateTimeOffset now) => LockedUntil > now;
}
