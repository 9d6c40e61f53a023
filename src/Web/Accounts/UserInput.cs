namespace Labelit.Web.Accounts;

/// <summary>What an admin submits to create or edit a user, from the UI or the API.</summary>
public sealed record UserInput
{
    public string? Email { get; init; }
    public string? DisplayName { get; init; }
    public string? Role { get; init; }

    /// <summary>Only when creating; an existing user's password changes through a reset.</summary>
    public string? Password { get; init; }

    public bool IsActive { get; init; } = true;
}
