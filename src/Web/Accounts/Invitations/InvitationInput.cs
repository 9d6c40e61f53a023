namespace Labelit.Web.Accounts.Invitations;

/// <summary>What an admin or manager submits to invite someone, from the UI or the API.</summary>
public sealed record InvitationInput
{
    public string? Email { get; init; }
    public string? Role { get; init; }
    /// <summary>Projects the invited annotator is assigned to on accepting.</summary>
    public long[]? ProjectIds { get; init; }
    /// <summary>How many days the link works (1 to 30); 7 when not given.</summary>
    public int? ValidDays { get; init; }
}

public sealed record InvitationChange(Invitation? Invitation, string? Token, Dictionary<string, string[]> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}
