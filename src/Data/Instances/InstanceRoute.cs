namespace Labelit.Data.Instances;

/// <summary>
/// Where a project's LS instance can be reached. <see cref="Address"/> is set only while
/// <see cref="State"/> is running; <see cref="Reason"/> says why it is stopped or failed.
/// </summary>
public sealed record InstanceRoute(long ProjectId, string Slug, string State, string? Address, string? Reason, bool Suspended)
{
    public bool IsRunning => State == InstanceStates.Running && Address is not null;
}

/// <summary>A user's own LS sign-in for one project. Never sent to a browser.</summary>
public sealed record LabelStudioCredentials(string Email, string Password, int LsUserId)
{
    // Records print their members; a password must never reach a log line that way.
    public override string ToString() => $"LabelStudioCredentials {{ Email = {Email}, LsUserId = {LsUserId} }}";
}
