namespace Labelit.Plugins;

/// <summary>What the host allows backends to do, set by the Labelit administrator (not per connection).</summary>
public sealed record StorageEnvironment
{
    /// <summary>Absolute folders that local-file backends may read and write under; nothing else on disk is reachable.</summary>
    public IReadOnlyList<string> AllowedLocalRoots { get; init; } = [];
}
