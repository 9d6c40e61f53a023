namespace Labelit.Worker.Datasets;

/// <summary>
/// What a running sync has done so far, added to by its listing and its import at the same time;
/// the counts are shown as progress, the seconds are logged so a slow sync says where its time went.
/// </summary>
public sealed class SyncCounters
{
    private readonly Lock _gate = new();
    private int _listed, _added, _changed, _removed, _toImport, _imported;

    /// <summary>From the first page listed to the removal check after the last one.</summary>
    public double ListingSeconds { get; set; }
    public double RecordSeconds { get; private set; }
    public double LabelStudioSeconds { get; private set; }

    public SyncProgress Snapshot
    {
        get
        {
            lock (_gate)
                return new(_listed, _added, _changed, _removed, _toImport, _imported);
        }
    }

    public void Recorded(int listed, int added, int changed, double seconds)
    {
        lock (_gate)
            (_listed, _added, _changed, _toImport, RecordSeconds) = (_listed + listed, _added + added, _changed + changed, _toImport + added, RecordSeconds + seconds);
    }

    public void Removed(int removed)
    {
        lock (_gate)
            _removed += removed;
    }

    /// <summary>Objects queued by an earlier run (released after a failure, or back after removal) taken for import.</summary>
    public void Queued(int count)
    {
        lock (_gate)
            _toImport += count;
    }

    public void Imported(int count, double labelStudioSeconds)
    {
        lock (_gate)
            (_imported, LabelStudioSeconds) = (_imported + count, LabelStudioSeconds + labelStudioSeconds);
    }
}
