namespace Labelit.Data.Distribution;

public static class DistributionModes
{
    /// <summary>Every annotator labels every task (the default).</summary>
    public const string Everyone = "everyone";
    /// <summary>Each task goes to Overlap annotators, spread evenly.</summary>
    public const string Split = "split";
}

/// <summary>How a project's tasks reach its annotators, and whether exports keep only accepted annotations.</summary>
public sealed record DistributionSettings(string Mode, int Overlap, bool ExportAcceptedOnly)
{
    public static readonly DistributionSettings Default = new(DistributionModes.Everyone, 1, false);
    public bool IsSplit => Mode == DistributionModes.Split;
}

/// <summary>One annotator's share: tasks held, and how many of them they started.</summary>
public sealed record AnnotatorShare(long UserId, string DisplayName, int Tasks, int Started);

/// <summary>What a rebalance did. Shortfall: the overlap asked for is more than the annotators assigned.</summary>
public sealed record RebalanceOutcome(int Added, int Removed, int Tasks, string? Shortfall);
