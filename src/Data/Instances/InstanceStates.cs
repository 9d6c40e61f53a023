namespace Labelit.Data.Instances;

/// <summary>The states an LS instance goes through, as stored in ls_instances.state.</summary>
public static class InstanceStates
{
    public const string Starting = "starting";
    public const string Running = "running";
    public const string Stopping = "stopping";
    public const string Stopped = "stopped";
    public const string Failed = "failed";
}

/// <summary>The states of an LS account, as stored in ls_accounts.state.</summary>
public static class AccountStates
{
    public const string Pending = "pending";
    public const string Active = "active";
    public const string Revoked = "revoked";
}
