namespace Labelit.Worker.Instances;

/// <summary>A project joined with its instance row (instance columns null when there is none yet).</summary>
public sealed class InstanceRow
{
    public long ProjectId { get; set; }
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    public string LabelConfig { get; set; } = "";
    public string Status { get; set; } = "";
    public DateTime? DeletedAt { get; set; }
    public Guid? InstanceKey { get; set; }
    public string? State { get; set; }
    public string? Reason { get; set; }
    public string? Handle { get; set; }
    public int? Port { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }
    public bool Suspended { get; set; }
    public DateTime LastActivityAt { get; set; }
    public int FailureCount { get; set; }
    public DateTime? RetryAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public string? AdminSecrets { get; set; }
    public string? LaunchHost { get; set; }
    public int? LsProjectId { get; set; }
    public string? ProvisionedHash { get; set; }
    public string? ProvisionError { get; set; }

    /// <summary>An Active, not deleted project that nobody let go idle wants a running instance.</summary>
    public bool WantsInstance => Status == "Active" && DeletedAt is null && !Suspended;

    public string WhyNotWanted => DeletedAt is not null ? "The project was deleted."
        : Status != "Active" ? $"The project is {Status}."
        : "Stopped after a period without use; it starts again on the next request.";
}

public sealed class AccountRow
{
    public long UserId { get; set; }
    public string LsEmail { get; set; } = "";
    public string Password { get; set; } = "";
    public int? LsUserId { get; set; }
    public string State { get; set; } = "";
    public string? Profile { get; set; }
}

public sealed class MemberRow
{
    public long UserId { get; set; }
    public string Email { get; set; } = "";
    public string DisplayName { get; set; } = "";
}
