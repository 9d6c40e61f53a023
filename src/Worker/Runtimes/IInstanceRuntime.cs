namespace Labelit.Worker.Runtimes;

/// <summary>
/// Runs LS servers. Implementations mark what they start with the instance key so that
/// <see cref="ListAsync"/> finds them again after the Worker restarts.
/// </summary>
public interface IInstanceRuntime
{
    string Name { get; }

    /// <summary>Starts the instance and returns its handle (what Inspect and Stop take).</summary>
    Task<string> StartAsync(InstanceLaunch launch, CancellationToken cancellationToken);

    /// <summary>Whether the instance behind a handle still runs, and if not, why.</summary>
    Task<RuntimeStatus> InspectAsync(Guid instanceKey, string handle, CancellationToken cancellationToken);

    /// <summary>Stops the instance; its data stays. Stopping a gone instance is not an error.</summary>
    Task StopAsync(Guid instanceKey, string handle, CancellationToken cancellationToken);

    /// <summary>Every LS instance on this runtime that carries a Labelit instance key.</summary>
    Task<IReadOnlyList<RuntimeInstance>> ListAsync(CancellationToken cancellationToken);
}

/// <summary>Everything needed to start one instance.</summary>
public sealed record InstanceLaunch(Guid InstanceKey, long ProjectId, int Port, IReadOnlyDictionary<string, string> Environment)
{
    public override string ToString() => $"InstanceLaunch {{ InstanceKey = {InstanceKey}, ProjectId = {ProjectId}, Port = {Port} }}";
}

public sealed record RuntimeStatus(bool IsRunning, string? Reason)
{
    public static RuntimeStatus Running { get; } = new(true, null);
    public static RuntimeStatus Gone(string reason) => new(false, reason);
}

/// <summary>One instance a runtime found, with the handle that reaches it.</summary>
public sealed record RuntimeInstance(Guid InstanceKey, string Handle, bool IsRunning);
