namespace Labelit.Data.Instances;

/// <summary>
/// Where a project's LS instance can be reached, and its state for the project page.
/// <see cref="Address"/> is set only while <see cref="State"/> is running; <see cref="Reason"/>
/// says why it is stopped or failed; <see cref="Suspended"/> means stopped for being idle (a
/// request starts it); <see cref="ProvisionError"/> is the last failure to push the label config
/// or accounts to a running instance (retried on every pass). <see cref="LsProjectId"/> is the
/// project's id inside its LS, once provisioned.
/// </summary>
public sealed record InstanceRoute(long ProjectId, string Slug, string State, string? Address, string? Reason, bool Suspended,
    string? ProvisionError, int? LsProjectId = null)
{
    public bool IsRunning => State == InstanceStates.Running && Address is not null;
}

/// <summary>A user's own LS sign-in for one project. Never sent to a browser.</summary>
public sealed record LabelStudioCredentials(string Email, string Password, int LsUserId)
{
    // Records print their members; a password must never reach a log line that way.
    public override string ToString() => $"LabelStudioCredentials {{ Email = {Email}, LsUserId = {LsUserId} }}";
}
