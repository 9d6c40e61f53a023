namespace Labelit.Worker.Datasets;

/// <summary>Configuration section "DatasetSync".</summary>
public sealed class DatasetSyncOptions
{
    public const string Section = "DatasetSync";

    /// <summary>
    /// At most about this many tasks per LS import call (LS accepts up to about 250k tasks / 200 MB per
    /// call). A call takes what the listing has found so far, so calls are small while LS keeps up.
    /// </summary>
    public int ImportBatchSize { get; set; } = 5000;

    /// <summary>Text and HyperText objects are put into the task itself up to this size.</summary>
    public int MaxInlineTextBytes { get; set; } = 1024 * 1024;

    /// <summary>How long a sync waits for the project's LS instance to start.</summary>
    public TimeSpan InstanceWait { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>A running sync whose Worker has not reported for this long is taken over by another.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the Worker looks for queued runs it was not told about (e.g. a run whose Worker died).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);
}
